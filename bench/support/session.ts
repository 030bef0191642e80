// Signs a user in over HTTP and returns the headers that authenticate later requests.
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

export async function signInHeaders(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { status?: string };
  if (res.status !== 200 || body.status !== 'signed_in') throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie };
}
