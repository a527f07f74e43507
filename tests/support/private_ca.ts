/**
 * A private certificate authority, as a company's IT runs one: a CA certificate and a server
 * certificate for 127.0.0.1 that it signed, made with openssl in a test's folder.
 * @module
 */

import { runTool } from "./system_tools.ts";

/** The files of {@linkcode createPrivateCa} (PEM). */
export interface PrivateCa {
  /** The CA certificate: what DENO_CERT or the OS trust store must hold. */
  caFile: string;
  /** The server certificate for IP 127.0.0.1 and localhost, signed by the CA. */
  certFile: string;
  /** The server certificate's private key. */
  keyFile: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const run = await runTool("openssl", args, { cwd: dir });
  if (run.code !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
}

/**
 * Creates a CA and a server certificate in `dir` (EC P-256 keys: fast to make).
 *
 * @param dir An existing folder.
 * @returns The file paths.
 */
export async function createPrivateCa(dir: string): Promise<PrivateCa> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=authgate test private CA",
  ]);
  await openssl(dir, [
    "req",
    ...ec,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=127.0.0.1",
  ]);
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    [
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature",
      "extendedKeyUsage=serverAuth",
      "",
    ].join("\n"),
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    "server.ext",
    "-out",
    "server.pem",
  ]);
  return { caFile: `${dir}/ca.pem`, certFile: `${dir}/server.pem`, keyFile: `${dir}/server.key` };
}
