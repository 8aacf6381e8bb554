// A stand-in for the Cache API (CacheStorage) for Node, which has none: what is put is kept as bytes and
// headers, and every match answers a new Response, as the real one does.

export class MemoryCaches {
  constructor() {
    /** @type {Map<string, Map<string, {bytes: Uint8Array, headers: [string, string][]}>>} */
    this.stores = new Map();
  }

  /** @param {string} name */
  async has(name) {
    return this.stores.has(name);
  }

  /** @param {string} name */
  async delete(name) {
    return this.stores.delete(name);
  }

  /** @param {string} name */
  async open(name) {
    let entries = this.stores.get(name);
    if (!entries) {
      entries = new Map();
      this.stores.set(name, entries);
    }
    const kept = entries;
    return {
      /** @param {string} url @param {Response} response */
      put: async (url, response) => {
        kept.set(url, {bytes: new Uint8Array(await response.arrayBuffer()), headers: [...response.headers]});
      },
      /** @param {string} url */
      match: async (url) => {
        const entry = kept.get(url);
        return entry ? new Response(entry.bytes.slice(), {headers: entry.headers}) : undefined;
      },
      /** @param {string} url */
      delete: async (url) => kept.delete(url),
    };
  }
}
