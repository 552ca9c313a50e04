/**
 * A value a request names by key, from a plain object: only its own properties count. Without this,
 * `tier: "constructor"` finds Object.prototype.constructor and passes for a configured tier, and
 * `&constructor;` decodes to the source text of a function. Every lookup of a key that came from
 * outside (a request, a stored record, a product's text) goes through here or through a Map.
 */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
