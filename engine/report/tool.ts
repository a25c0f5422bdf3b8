import { HOMEPAGE } from '../project.js';

/** Identity of the tool as reporters publish it (SARIF driver, rdjson source, JSON `tool`). */
export const TOOL_NAME = 'trailguard';
/** The project's home page, kept in one place in engine/project.ts. */
export const TOOL_INFORMATION_URI = HOMEPAGE;
