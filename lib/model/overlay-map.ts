/**
 * A read-only map that is another map with some values replaced: the keys, their order and the
 * size are the base's, a replaced key answers its new value. Made in time proportional to the
 * replacements, so a network changed in one group is looked up without copying every group.
 */
class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  constructor(
    readonly base: ReadonlyMap<K, V>,
    readonly changes: ReadonlyMap<K, V>,
  ) {}

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) yield [k, this.changes.has(k) ? (this.changes.get(k) as V) : v];
  }

  keys(): MapIterator<K> {
    return this.base.keys();
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
}

/**
 * `base` with the values of `changes` in place of its own, for keys `base` holds (a key only in
 * `changes` is not added). An overlay of an overlay is flattened, so lookups stay one step deep.
 */
export function overlayMap<K, V>(base: ReadonlyMap<K, V>, changes: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  const kept = new Map<K, V>();
  for (const [k, v] of changes) if (base.has(k)) kept.set(k, v);
  if (base instanceof OverlayMap) return new OverlayMap<K, V>(base.base, new Map([...base.changes, ...kept]));
  return new OverlayMap(base, kept);
}
