import { createApp } from './app.js';
import { ConfigError, loadConfig } from './shared/config/config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const url = `http://127.0.0.1:${config.port}`;
  console.log(`casetrail listening on ${url} (API docs: ${url}/api/docs)`);
  if (config.jwtSecretIsDevelopmentDefault) {
    console.warn('JWT_SECRET is not set: using the development secret. Set it before exposing this server.');
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('casetrail failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
