import { parseArgs } from 'node:util';
import { issueToken } from '../identity/auth/token-issuer.js';
import { actorFromClaims } from '../identity/auth/token.js';
import { ConfigError, loadConfig } from '../shared/config/config.js';

const USAGE =
  'usage: npm run token -- --sub <officerId> --agency <agencyId> --roles officer,head [--name <name>] [--hours 12]';

try {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      agency: { type: 'string' },
      roles: { type: 'string' },
      name: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
  });
  const claims = {
    sub: values.sub,
    name: values.name ?? values.sub,
    agency: values.agency,
    roles: (values.roles ?? '').split(',').map((role) => role.trim()).filter(Boolean),
  };
  const actor = actorFromClaims(claims);
  const hours = Number(values.hours);
  if (!actor || !Number.isFinite(hours) || hours <= 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  console.log(
    issueToken({ sub: actor.id, name: actor.name, agency: actor.agencyId, roles: actor.roles }, config.jwtSecret, hours * 3600),
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `${String(error)}\n${USAGE}`);
  process.exit(2);
}
