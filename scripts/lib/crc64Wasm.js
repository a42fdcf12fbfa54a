// @ts-check
'use strict';
/**
 * A tiny assembler for the CRC-64/XZ WebAssembly kernel (no toolchain: the module is written
 * byte by byte here). scripts/build-crc64-wasm.js embeds the result in src/core/crc64Wasm.ts;
 * the kernel bench assembles the other variants directly.
 *
 * The module, in WAT terms:
 *
 *   (memory (export "mem") PAGES)          ;; [0, 2048*S): S tables of 256 i64 (table k at k*2048)
 *                                          ;; [RESULT, RESULT+8): the register after update()
 *                                          ;; [INPUT, INPUT+CHUNK): the bytes to hash
 *   (func (export "update") (param $lo i32) (param $hi i32) (param $ptr i32) (param $len i32)
 *     ;; crc = hi:lo (the raw register, pre-xorout)
 *     ;; while (len - consumed >= 8*W): slicing-by-S over W i64 words (S = 8*W)
 *     ;; then byte at a time with table 0; store crc at RESULT)
 *
 * Layout constants are shared with the TypeScript loader through the exported LAYOUT.
 */

const LAYOUT = Object.freeze({ RESULT: 32768, INPUT: 65536, CHUNK: 256 * 1024 });
const PAGES = (LAYOUT.INPUT + LAYOUT.CHUNK) / 65536;

/** @param {number} n */
function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** @param {number} n a small signed integer */
function sleb(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** @param {string} s */
function name(s) {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

/** @param {number} id @param {number[]} body */
function section(id, body) {
  return [id, ...uleb(body.length), ...body];
}

const OP = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, void: 0x40,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Const: 0x41, i64Const: 0x42,
  i32Load8u: 0x2d, i64Load: 0x29, i64Store: 0x37,
  i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Shl: 0x74, i32LtU: 0x49, i32GeU: 0x4f,
  i64And: 0x83, i64Or: 0x84, i64Xor: 0x85, i64Shl: 0x86, i64ShrU: 0x88,
  i32WrapI64: 0xa7, i64ExtendI32u: 0xad,
};
const I32 = 0x7f;
const I64 = 0x7e;

// Locals: params 0..3, then crc (i64), end (i32), then one i64 per word of the block.
const L = { lo: 0, hi: 1, ptr: 2, len: 3, crc: 4, end: 5, word0: 6 };

/**
 * i64.load of table `table` at the byte `byte` of the i64 local `word`:
 * T[table][(word >> 8*byte) & 0xff], with the scaling by 8 folded into the shift.
 * @param {number} word @param {number} byte @param {number} table
 */
function lookup(word, byte, table) {
  const index = byte === 0
    ? [OP.localGet, word, OP.i32WrapI64, OP.i32Const, ...sleb(3), OP.i32Shl]
    : [OP.localGet, word, OP.i64Const, ...sleb(8 * byte - 3), OP.i64ShrU, OP.i32WrapI64];
  return [...index, OP.i32Const, ...sleb(0x7f8), OP.i32And, OP.i64Load, 3, ...uleb(table * 2048)];
}

/**
 * The module bytes for slicing-by-`slices` (8 or 16: one or two i64 words per step).
 * @param {8 | 16} slices
 * @returns {Uint8Array}
 */
function crc64WasmModule(slices) {
  if (slices !== 8 && slices !== 16) throw new RangeError('slices must be 8 or 16');
  const words = slices / 8;
  const body = [];
  // crc = (u64(hi) << 32) | u64(lo); end = ptr + len
  body.push(OP.localGet, L.hi, OP.i64ExtendI32u, OP.i64Const, ...sleb(32), OP.i64Shl,
    OP.localGet, L.lo, OP.i64ExtendI32u, OP.i64Or, OP.localSet, L.crc);
  body.push(OP.localGet, L.ptr, OP.localGet, L.len, OP.i32Add, OP.localSet, L.end);
  // Block loop.
  body.push(OP.block, OP.void, OP.loop, OP.void);
  body.push(OP.localGet, L.end, OP.localGet, L.ptr, OP.i32Sub, OP.i32Const, ...sleb(slices), OP.i32LtU, OP.brIf, 1);
  for (let w = 0; w < words; w++) {
    body.push(OP.localGet, L.ptr, OP.i64Load, 3, ...uleb(8 * w));
    if (w === 0) body.push(OP.localGet, L.crc, OP.i64Xor);
    body.push(OP.localSet, L.word0 + w);
  }
  // crc = XOR over every byte i of the block of T[slices - 1 - i][byte]
  let first = true;
  for (let w = 0; w < words; w++) {
    for (let b = 0; b < 8; b++) {
      body.push(...lookup(L.word0 + w, b, slices - 1 - (8 * w + b)));
      if (!first) body.push(OP.i64Xor);
      first = false;
    }
  }
  body.push(OP.localSet, L.crc);
  body.push(OP.localGet, L.ptr, OP.i32Const, ...sleb(slices), OP.i32Add, OP.localSet, L.ptr);
  body.push(OP.br, 0, OP.end, OP.end);
  // Byte loop: crc = T0[(crc ^ byte) & 0xff] ^ (crc >> 8)
  body.push(OP.block, OP.void, OP.loop, OP.void);
  body.push(OP.localGet, L.ptr, OP.localGet, L.end, OP.i32GeU, OP.brIf, 1);
  body.push(OP.localGet, L.crc, OP.localGet, L.ptr, OP.i32Load8u, 0, 0, OP.i64ExtendI32u, OP.i64Xor, OP.localSet, L.word0);
  body.push(...lookup(L.word0, 0, 0));
  body.push(OP.localGet, L.crc, OP.i64Const, ...sleb(8), OP.i64ShrU, OP.i64Xor, OP.localSet, L.crc);
  body.push(OP.localGet, L.ptr, OP.i32Const, ...sleb(1), OP.i32Add, OP.localSet, L.ptr);
  body.push(OP.br, 0, OP.end, OP.end);
  // mem[RESULT] = crc
  body.push(OP.i32Const, ...sleb(LAYOUT.RESULT), OP.localGet, L.crc, OP.i64Store, 3, 0);
  body.push(OP.end);

  const locals = [...uleb(3), 1, I64, 1, I32, ...uleb(words), I64];
  const func = [...locals, ...body];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 4, I32, I32, I32, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, ...uleb(PAGES)]),
    ...section(7, [2, ...name('mem'), 0x02, 0, ...name('update'), 0x00, 0]),
    ...section(10, [1, ...uleb(func.length), ...func]),
  ];
  return Uint8Array.from(bytes);
}

module.exports = { crc64WasmModule, LAYOUT };
