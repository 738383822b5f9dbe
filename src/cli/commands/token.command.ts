import { parseArgs } from 'node:util';
import { issueToken } from '../../identity/auth/token-issuer.js';
import { actorFromClaims } from '../../identity/auth/token.js';
import { loadConfig } from '../../shared/config/config.js';
import { EXIT_OK, UsageError, print } from '../cli.js';

export async function run(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        sub: { type: 'string' },
        agency: { type: 'string' },
        roles: { type: 'string' },
        name: { type: 'string' },
        hours: { type: 'string', default: '12' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const actor = actorFromClaims({
    sub: values.sub,
    name: values.name ?? values.sub,
    agency: values.agency,
    roles: (values.roles ?? '').split(',').map((role) => role.trim()).filter(Boolean),
  });
  if (!actor) throw new UsageError('--sub, --agency and --roles (known roles, comma-separated) are required');
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) throw new UsageError('--hours must be a positive number');
  const config = loadConfig();
  print(issueToken({ sub: actor.id, name: actor.name, agency: actor.agencyId, roles: actor.roles }, config.jwtSecret, hours * 3600));
  return EXIT_OK;
}
