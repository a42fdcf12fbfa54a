import type { Deps } from './deps';

export async function showLog(deps: Deps): Promise<void> {
  deps.log.show();
}
