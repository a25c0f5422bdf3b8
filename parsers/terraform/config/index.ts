// Terraform sources (`.tf` and `.tfvars`) → evaluated resource instances.
//
//   const { resources, diagnostics } = loadTerraform([{ path: 'infra/main.tf', text }]);
//
// See README.md for what is evaluated and how.

export { loadTerraform, MAX_INSTANCES_IN_FULL, type LoadTerraformOptions, type TerraformSource, type UnreadModule } from './load.js';
export { renderPolicyDocument, type RenderedPolicy } from './policy-document.js';
export type { SourceResource } from './resource-node.js';
export { parseSuppressions } from './suppressions.js';
export { isConfigurationFile } from './paths.js';
export { parseManifest, type ModuleFiles, type ManifestEntry } from './module-sources.js';
