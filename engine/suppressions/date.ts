// Expiry dates of suppressions: `YYYY-MM-DD`, read strictly.
//
// `Date.parse` accepts `2027-02-30` (it rolls over to March 2nd), `2027-3-1`
// and, depending on the engine, words; a suppression that a typo keeps alive
// for ever, or kills at once, is worse than one reported as unreadable. So a
// date is exactly four digits, a dash, two digits, a dash, two digits, and a
// day that exists in that month. Dates compare as text once validated.

/** The day as `YYYY-MM-DD`, or undefined when `text` is not a real calendar date in that form. */
export function parseExpiryDate(text: string): string | undefined {
  if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return undefined;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return text;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Today in UTC as `YYYY-MM-DD`: expiry is judged by the calendar day in UTC, wherever the scan runs. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A suppression that expires on a day still applies on that day: `expires:
 * 2027-03-31` hides the finding through March 31st (UTC) and no longer from
 * April 1st.
 */
export function isExpired(expires: string, today: string): boolean {
  return expires < today;
}

/**
 * For tests only: `TRAILGUARD_TODAY=YYYY-MM-DD` fixes "today", so that
 * expiry can be tested without waiting for a date to pass. Any other value
 * is an error (a typo must not silently mean "the real today").
 */
export const TODAY_ENV = 'TRAILGUARD_TODAY';

export function todayFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const fixed = env[TODAY_ENV];
  if (fixed === undefined || fixed === '') return todayUtc();
  const day = parseExpiryDate(fixed);
  if (!day) throw new TypeError(`${TODAY_ENV} must be a date written YYYY-MM-DD (it is for tests only)`);
  return day;
}
