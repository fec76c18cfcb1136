// The fuzz's clock: every request it makes runs at one fixed instant (the TEST_CLOCK seam), and the cases it
// generates are placed around the same instant, so a seed replays the same articles and the same answers on any
// day. 15 June 2026, noon in Baghdad.
import { atTime } from '../helpers'

export const FUZZ_NOW = Date.UTC(2026, 5, 15, 9, 0)

/** The Worker's bindings with its clock at FUZZ_NOW. */
export const FUZZ_ENV = atTime(FUZZ_NOW)
