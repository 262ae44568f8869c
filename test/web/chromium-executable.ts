import { execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumExecutable {
  path: string;
  /** Where it came from: the CHROMIUM_PATH variable, the system's package or the npm package. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set, else the system's
 * `/usr/bin/chromium`, else the headless Chromium shipped inside the `@sparticuz/chromium`
 * dev dependency, so that `npm ci` is all a machine needs.
 */
export function locateChromium(env: NodeJS.ProcessEnv = process.env): ChromiumExecutable {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) {
      throw new Error(`CHROMIUM_PATH is set but ${configured} is not an executable file`);
    }
    return { path: configured, source: 'CHROMIUM_PATH' };
  }
  if (isExecutable(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  return { path: unpackBundledChromium(), source: '@sparticuz/chromium' };
}

/**
 * The package ships Chromium brotli-compressed; it is unpacked once per installed version into
 * node_modules/.cache (about 2 s) and reused after that. The package is an ES module whose
 * `executablePath()` unpacks into `os.tmpdir()`, so it runs in a child Node with TMPDIR pointing
 * at a staging folder that is renamed into place when complete: an interrupted unpack never
 * leaves a half-written browser behind, and two processes unpacking at once both end up with
 * the same complete copy.
 */
function unpackBundledChromium(): string {
  const entry = require.resolve('@sparticuz/chromium');
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = join(packageDir, '..', '..', '.cache', 'sparticuz-chromium', version);
  const executable = join(target, 'chromium');
  if (existsSync(executable)) return executable;

  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(`${target}.partial-`);
  try {
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        `import chromium from ${JSON.stringify(pathToFileURL(entry).href)}; await chromium.executablePath();`,
      ],
      {
        env: { ...process.env, TMPDIR: staging },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 120_000,
      },
    );
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process may have renamed its complete copy into place first.
    if (!existsSync(executable)) {
      throw new Error(`could not unpack the Chromium of @sparticuz/chromium ${version}`, {
        cause: error,
      });
    }
  }
  return executable;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
