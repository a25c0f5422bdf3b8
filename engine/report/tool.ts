/**
 * Identity of the tool as reporters publish it (SARIF driver, rdjson source, JSON `tool`).
 * The project has no public home yet, so no report carries a home-page or help URL
 * (SARIF `informationUri`, rule `helpUri`, rdjson `source.url`): a link to a placeholder
 * would send readers to someone else's site. SARIF `help` carries each rule's page instead.
 */
export const TOOL_NAME = 'trailguard';
