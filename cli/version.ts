/** Replaced at build time from package.json; the fallback serves tests run from source. */
declare const __TRAILGUARD_VERSION__: string | undefined;

export const VERSION: string = typeof __TRAILGUARD_VERSION__ !== 'undefined' ? __TRAILGUARD_VERSION__ : '0.0.0-dev';
