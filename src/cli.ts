import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { generate } from 'otplib';
import { loadConfig } from './config.ts';
import { DEMO_TOTP_SECRET, formatDemoAccounts, seedDemo } from './demo/seed.ts';
import { verifyAuditChain } from './platform/audit.ts';
import { backupDatabase, restoreDatabase } from './platform/backup.ts';
import { systemCtx } from './platform/context.ts';
import { openDatabase, type Database } from './platform/db.ts';
import { hashPassword } from './modules/identity/password.ts';
import { checkPasswordPolicy } from './modules/identity/password.ts';
import { hasAnyOrganization, seedOrganization } from './modules/identity/seed.ts';
import { completeUscc } from './modules/identity/uscc.ts';
import { startCluster, startServer, workerCount } from './server.ts';

const USAGE = `Usage: npx cotrade <command>

  serve [--no-demo] [--workers N|auto]
                               start the server (PORT, DATABASE_URL, COTRADE_DATA_DIR);
                               N processes on one port need DATABASE_URL (COTRADE_WORKERS)
  migrate                      apply database migrations
  seed --demo                  load the demo marketplace into an empty database
  create-operator --email E --password P [--name N]
                               create the platform organisation and its first admin
  backup <file>                write a logical dump of the database
  restore <file> [--replace]   load a dump (into a fresh or, with --replace, existing database)
  audit verify                 verify the audit log hash chain
  totp [secret]                print the current TOTP code (default: the demo secret)
`;

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      workers: { type: 'string' },
      replace: { type: 'boolean' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
    },
  });
  switch (command) {
    case 'serve': {
      const config = loadConfig(process.env, values['no-demo'] ? { demo: false } : {});
      let workers = workerCount(values.workers ?? process.env.COTRADE_WORKERS);
      if (workers > 1 && !config.databaseUrl) {
        console.warn('the embedded database serves one process: --workers needs DATABASE_URL; starting one process');
        workers = 1;
      }
      // In a cluster the primary migrates and seeds, then each forked worker (which runs this same
      // command) only serves.
      const server =
        cluster.isWorker ? await startServer(config, { prepare: false, quiet: true })
        : workers > 1 ? await startCluster(config, workers)
        : await startServer(config);
      const shutdown = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      return -1;
    }
    case 'migrate':
      await withDatabase(async (d) => console.log(`migrated (${d.driver})`));
      return 0;
    case 'seed': {
      if (!values.demo) {
        console.error('seed needs --demo');
        return 2;
      }
      return withDatabase(async (d) => {
        const accounts = await seedDemo(systemCtx(d.db, 'cli'));
        if (!accounts) {
          console.error('the database already has organisations; demo data is loaded only into an empty one');
          return 1;
        }
        console.log(formatDemoAccounts(accounts));
        return 0;
      });
    }
    case 'create-operator': {
      const { email, password } = values;
      if (!email || !password) {
        console.error('create-operator needs --email and --password');
        return 2;
      }
      const weakness = checkPasswordPolicy(password, email);
      if (weakness) {
        console.error(`password rejected by policy: ${weakness}`);
        return 2;
      }
      return withDatabase(async (d) => {
        const ctx = systemCtx(d.db, 'cli');
        if (await hasAnyOrganization(ctx)) {
          console.error('the database already has organisations; create-operator is for a fresh installation');
          return 1;
        }
        await seedOrganization(ctx, {
          name: 'Cotrade 平台运营',
          nameEn: 'Cotrade Platform Operations',
          uscc: completeUscc('91320000000000001'),
          kinds: ['platform'],
          users: [{ email, name: values.name ?? 'Platform admin', roles: ['operator_admin'], passwordHash: await hashPassword(password) }],
        });
        console.log(`created platform admin ${email}; enrol MFA at first sign-in`);
        return 0;
      });
    }
    case 'backup':
    case 'restore': {
      const file = positionals[0];
      if (!file) {
        console.error(`${command} needs a file`);
        return 2;
      }
      return withDatabase(async (d) => {
        const counts = command === 'backup' ? await backupDatabase(d.db, file) : await restoreDatabase(d.db, file, { replace: values.replace });
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(`${command === 'backup' ? 'wrote' : 'restored'} ${total} rows in ${Object.keys(counts).length} tables ${command === 'backup' ? 'to' : 'from'} ${file}`);
        return 0;
      });
    }
    case 'audit': {
      if (positionals[0] !== 'verify') {
        console.error('usage: cotrade audit verify');
        return 2;
      }
      return withDatabase(async (d) => {
        const report = await verifyAuditChain(d.db);
        console.log(JSON.stringify(report));
        if (!report.ok) console.error(`audit chain broken at seq ${report.firstBroken!.seq}: ${report.firstBroken!.reason}`);
        return report.ok ? 0 : 1;
      });
    }
    case 'totp':
      console.log(await generate({ secret: positionals[0] ?? DEMO_TOTP_SECRET }));
      return 0;
    default:
      console.log(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    if (process.env.DEBUG) console.error(error);
    process.exit(1);
  },
);
