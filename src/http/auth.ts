// Constant-time comparison of a bearer secret (the ADMIN_TOKEN); who may call the API is routes/api/authorize.ts.
// A secret is never logged or echoed.

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

/** Compares two secrets in constant time: both are hashed first, so length leaks nothing either. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)])
  return crypto.subtle.timingSafeEqual(a, b)
}
