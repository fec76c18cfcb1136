// What is made from a Worker's environment once per environment object (the runtime hands the same object to
// request after request): its parsed config, its audience settings, its guarded bindings.
import type { Bindings } from '../env'

/** `make` memoized by environment object: a bad environment throws at each call, as `make` does. */
export function perEnvironment<T>(make: (env: Bindings) => T): (env: Bindings) => T {
  const made = new WeakMap<Bindings, T>()
  return (env) => {
    let value = made.get(env)
    if (value === undefined) {
      value = make(env)
      made.set(env, value)
    }
    return value
  }
}
