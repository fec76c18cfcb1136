// Matching text the way Arabic readers type it.

/** Tashkeel (harakat, tanwin, shadda, sukun, superscript alef and Quranic marks) and tatweel. */
const IGNORED = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g
const LETTERS: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه' }
const LETTER_VARIANTS = /[أإآٱىة]/g
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g

/**
 * Folds text for matching: NFC, lower case, no tashkeel or tatweel, أ إ آ ٱ → ا, ى → ي, ة → ه,
 * Arabic-Indic digits → ASCII, white space folded.
 * @example normalizeArabic('مَدْرَسَةُ الإمام ٢٠٢٤') // 'مدرسه الامام 2024'
 */
export function normalizeArabic(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(IGNORED, '')
    .replace(LETTER_VARIANTS, (c) => LETTERS[c] ?? c)
    .replace(ARABIC_INDIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/\s+/g, ' ')
    .trim()
}

/** Search words the index can use: its trigram tokenizer finds runs of 3 characters or more. */
export const MIN_WORD_CHARS = 3

/** The words of a search that the index uses, folded (normalizeArabic); shorter ones are left out. */
export function searchWords(q: string): string[] {
  return normalizeArabic(q)
    .split(' ')
    .filter((w) => [...w].length >= MIN_WORD_CHARS)
}

/** Characters that change nothing a reader sees: default-ignorable (ZWJ, ZWSP, U+2060 …) and bidi controls (LRM, RLM, ALM …). */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu

/**
 * The identity of a name (a section's, a tag, an author): normalizeArabic's folding after removing every invisible
 * and bidi character, so «بغداد» and «بغداد» + RLM, or a name with a ZWJ inside, are one.
 * @example identityKey('بغداد\u200F') === identityKey('بغـداد') // true
 */
export function identityKey(text: string): string {
  return normalizeArabic(text.normalize('NFC').replace(INVISIBLE, ''))
}
