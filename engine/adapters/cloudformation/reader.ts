import type { CfnPropertyReader } from './adapter.js';

/**
 * What a CloudFormation resource mapping (resources.ts, monitoring.ts,
 * governance.ts) may ask of the reader it is given: the public surface of
 * `CfnPropertyReader`. Naming it apart from the class lets a second reader
 * serve the same mappings: the one for Terraform's AWS Cloud Control provider
 * (engine/adapters/terraform/awscc.ts), whose resources are CloudFormation
 * resource types with snake_case attribute names.
 */
export type CfnReader = Pick<CfnPropertyReader, 'get' | 'has' | 'loc' | 'set' | 'link' | 'required' | 'addInner' | 'typeOf'>;
