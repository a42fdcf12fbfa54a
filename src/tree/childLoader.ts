/**
 * A paged child list with a continuation token, a lock against concurrent loads and a cache.
 * "Load more" appends the next page. No VS Code import.
 */
export interface Page<T> {
  items: T[];
  nextToken?: string;
  truncated: boolean;
}

export class PagedLoader<T> {
  private items: T[] = [];
  private token?: string;
  private truncated = false;
  private loadedOnce = false;
  private pending?: Promise<void>;
  private generation = 0;
  /** The last loading error (cleared on the next successful page). */
  error?: unknown;

  constructor(private readonly fetchPage: (token: string | undefined) => Promise<Page<T>>) {}

  get loaded(): boolean {
    return this.loadedOnce;
  }

  get hasMore(): boolean {
    return this.truncated;
  }

  get children(): readonly T[] {
    return this.items;
  }

  /** Loads the first page unless it is cached. */
  async ensureLoaded(): Promise<void> {
    if (this.pending) return this.pending;
    if (this.loadedOnce || this.error !== undefined) return;
    return this.loadNext();
  }

  /** Loads the next page (or the first one). Concurrent callers share one request. */
  loadNext(): Promise<void> {
    if (this.pending) return this.pending;
    if (this.loadedOnce && !this.truncated) return Promise.resolve();
    const gen = this.generation;
    let p: Promise<void> | undefined = undefined;
    p = (async () => {
      await Promise.resolve();
      try {
        const page = await this.fetchPage(this.loadedOnce ? this.token : undefined);
        if (gen !== this.generation) return;
        this.items = this.items.concat(page.items);
        this.token = page.nextToken;
        this.truncated = page.truncated && !!page.nextToken;
        this.loadedOnce = true;
        this.error = undefined;
      } catch (err) {
        if (gen !== this.generation) return;
        this.error = err;
        throw err;
      } finally {
        if (this.pending === p) this.pending = undefined;
      }
    })();
    this.pending = p;
    return p;
  }

  /** Forgets everything; the next ensureLoaded() starts from the first page. */
  reset(): void {
    this.generation++;
    this.items = [];
    this.token = undefined;
    this.truncated = false;
    this.loadedOnce = false;
    this.pending = undefined;
    this.error = undefined;
  }
}
