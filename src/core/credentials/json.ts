/**
 * JSON parsing for files that hold credentials. A JSON parser's error message quotes the text
 * around the error (V8: `Unexpected token 'Z', ..."secret":Zq8xW2secr"...`), which for these files
 * is part of a secret; so that message is never used. Errors say where, computed here, not what.
 */

/** Offset of the first JSON syntax error in `text`, or -1 when it is valid (or too deep to tell). */
/** Where the scan stopped (thrown inside the scanner, caught by it; never escapes). */
class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at offset ${offset}`);
  }
}

export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    i++;
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) i = NUMBER.lastIndex;
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (e) {
    return e instanceof SyntaxAt ? e.offset : -1; // a RangeError: nested too deep to locate
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * JSON.parse for a credential file. On a syntax error throws `makeError("<what> is not valid JSON
 * (line L, column C)")` (and the position, for a caller that words its own message), never the
 * parser's message and never with the parser error as cause.
 */
export function parseCredentialJson(
  text: string,
  what: string,
  makeError: (message: string, at?: { line: number; column: number }) => Error = (m) => new Error(m),
): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Outside the catch binding on purpose: nothing of the SyntaxError is kept.
  }
  const at = jsonErrorOffset(text);
  if (at < 0) throw makeError(`${what} is not valid JSON`);
  const { line, column } = lineAndColumn(text, at);
  throw makeError(`${what} is not valid JSON (line ${line}, column ${column})`, { line, column });
}
