/**
 * The Dockerfile example, checked as text (no Docker daemon or registry on
 * these machines): what the issue asks of the image, and that its download
 * step names the archives the build script writes.
 */

import assert from "node:assert/strict";
import { archiveName, TARGETS } from "../../scripts/release/targets.ts";

const DOCKERFILE = new URL("../../scripts/container/Dockerfile", import.meta.url);

interface Instruction {
  stage: number;
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped, numbered by stage. */
async function instructions(): Promise<Instruction[]> {
  const text = await Deno.readTextFile(DOCKERFILE);
  const logical = text.split("\n").filter((line) => !line.trimStart().startsWith("#"))
    .join("\n").replace(/\\\n/g, " ").split("\n").filter((line) => line.trim() !== "");
  let stage = -1;
  return logical.map((line) => {
    const [, keyword, args] = /^\s*(\w+)\s+(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === "FROM") stage++;
    return { stage, keyword: keyword.toUpperCase(), args: args.trim() };
  });
}

Deno.test("Dockerfile runs the binary on a distroless glibc image as a non-root user", async () => {
  const all = await instructions();
  const last = Math.max(...all.map((i) => i.stage));
  const final = all.filter((i) => i.stage === last);
  assert.match(final[0].args, /^gcr\.io\/distroless\/cc-debian12(:nonroot)?$/);
  const user = final.findLast((i) => i.keyword === "USER")?.args;
  assert.ok(user && !/^(0|root)(:|$)/.test(user), `non-root USER, got ${user}`);
  assert.deepEqual(
    final.find((i) => i.keyword === "ENTRYPOINT")?.args,
    '["/usr/local/bin/authgate"]',
  );
  assert.ok(final.some((i) => i.keyword === "COPY" && i.args.endsWith(" /usr/local/bin/authgate")));
});

Deno.test("Dockerfile keeps TOKEN_FILE on a volume the non-root user owns", async () => {
  const final = (await instructions()).filter((i, _, all) =>
    i.stage === Math.max(...all.map((x) => x.stage))
  );
  const tokenFile = /^TOKEN_FILE=(\S+)$/.exec(final.find((i) => i.keyword === "ENV")!.args)![1];
  const volume = JSON.parse(final.find((i) => i.keyword === "VOLUME")!.args)[0];
  assert.ok(tokenFile.startsWith(`${volume}/`), `${tokenFile} is on ${volume}`);
  const user = final.findLast((i) => i.keyword === "USER")!.args;
  assert.ok(
    final.some((i) =>
      i.keyword === "COPY" && i.args.includes(`--chown=${user}`) && i.args.endsWith(` ${volume}`)
    ),
  );
});

Deno.test("Dockerfile downloads the archive build.ts names for the image's architecture and verifies it", async () => {
  const fetch = (await instructions()).filter((i) => i.stage === 0 && i.keyword === "RUN")
    .map((i) => i.args).join("\n");
  const template = /archive="([^"]+)"/.exec(fetch)![1];
  for (const target of TARGETS.filter((t) => t.os === "linux")) {
    // Docker's TARGETARCH values are the archives' arch names.
    const name = template.replaceAll("${VERSION}", "9.9.9").replaceAll(
      "${TARGETARCH}",
      target.arch,
    );
    assert.equal(name, archiveName("9.9.9", target));
  }
  assert.match(fetch, /sha256sum -c -/);
  assert.match(fetch, /checksums\.txt/);
});
