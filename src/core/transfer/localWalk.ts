/** Finds the files below a local folder for upload (recursively). */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LocalEntry } from './uploadPlan';

/** Every regular file below `dir`; `rel` starts with `relBase` (e.g. 'site/'). */
export async function walkFolder(dir: string, relBase: string): Promise<LocalEntry[]> {
  const out: LocalEntry[] = [];
  const visit = async (d: string, rel: string): Promise<void> => {
    const names = (await fs.readdir(d)).sort();
    for (const name of names) {
      const full = path.join(d, name);
      const st = await fs.stat(full);
      if (st.isDirectory()) await visit(full, `${rel}${name}/`);
      else if (st.isFile()) out.push({ file: full, rel: `${rel}${name}`, size: st.size });
    }
  };
  await visit(dir, relBase);
  return out;
}
