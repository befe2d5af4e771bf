import './paths';
import { randomBytes } from 'node:crypto';
import { checkServices } from '@kedai/core/preflight';
import { ADMIN_URL, createTemplate } from './test-db';

export default async function globalSetup(): Promise<void> {
  const problems = await checkServices(ADMIN_URL, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', false);
  if (problems.length > 0) throw new Error(`The e2e tests need PostgreSQL and Redis:\n- ${problems.join('\n- ')}`);
  // Workers inherit the environment set here.
  process.env.KEDAI_TEST_RUN = `${process.pid}${randomBytes(2).toString('hex')}`;
  await createTemplate();
}
