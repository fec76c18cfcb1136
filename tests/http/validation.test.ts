// Schema failures as RFC 9457 field errors, called directly.
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { fieldErrors, pointer } from '../../src/http/validation'

describe('pointer', () => {
  it('writes a JSON Pointer fragment, escaping ~ and /', () => {
    expect(pointer(['image', 'url'])).toBe('#/image/url')
    expect(pointer(['a/b', 'c~d', 0])).toBe('#/a~1b/c~0d/0')
    expect(pointer([])).toBe('#')
  })
})

describe('fieldErrors', () => {
  it('names each bad field once, and an unknown field by its own name', () => {
    const schema = z.strictObject({ title: z.string().min(1).max(3), tags: z.array(z.string()) })
    const result = schema.safeParse({ title: 'طويل جدا', tags: ['a', 1], extra: true })
    expect(result.success).toBe(false)
    const errors = fieldErrors(result.error!, [3])
    expect(errors.map((e) => e.pointer).sort()).toEqual(['#/3/extra', '#/3/tags/1', '#/3/title'])
    expect(errors.find((e) => e.pointer === '#/3/extra')?.detail).toBe('unknown field')
  })
})
