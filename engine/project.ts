/**
 * Where rule documentation lives, for SARIF `helpUri` and report links. Rule
 * docs are generated next to each rule (`rules/<id>/README.md`), so the link
 * works in the repository browser of wherever this project is hosted; change
 * HOMEPAGE in one place when the hosting changes.
 */
export const HOMEPAGE = 'https://github.com/trailguard/trailguard';

export function ruleHelpUri(ruleId: string): string {
  return `${HOMEPAGE}/blob/main/rules/${ruleId}/README.md`;
}
