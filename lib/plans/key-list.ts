/**
 * Argument name lists written as records over an interface's keys, so that the compiler refuses
 * a list that misses or invents one. The planners refuse any other key with a did-you-mean: a
 * misspelt option would otherwise be ignored.
 */

/** Every key of `T`, optional ones included, each `true`. */
export type Keys<T> = Record<keyof Required<T>, true>;

/** The names of a record written over an interface's keys. */
export function keyList<T>(record: Keys<T>): readonly string[] {
  return Object.keys(record);
}
