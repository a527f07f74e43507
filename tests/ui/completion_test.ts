/**
 * The completion scripts, loaded in real shells: bash (its completion
 * function driven through COMP_WORDS), zsh (syntax, registration through
 * compinit, and the function's answers with compsys's builtins stubbed) and
 * fish (`complete -C`). PowerShell is not installed here: its script is
 * checked for content only.
 */

import { COMMAND_TABLE } from "../../src/commands/registry.ts";
import { COMPLETION_SHELLS, SETTING_FLAG_LIST } from "../../src/config/setting_flags.ts";
import { completionScript } from "../../src/ui/completion/index.ts";
import { completionModel } from "../../src/ui/completion/model.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";
import { cliCommandArgs, runCliProcess } from "../support/run_cli.ts";
import { runShell } from "../support/shell.ts";

async function withScript(shell: string, body: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "authgate-completion-" });
  try {
    const path = `${dir}/authgate.${shell}`;
    await Deno.writeTextFile(path, completionScript(COMMAND_TABLE, shell as "bash"));
    await body(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const shq = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** Command lines (the last word being completed) and what bash/zsh/fish should offer. */
const CASES: [string[], string[]][] = [
  [["authgate", ""], ["token", "version", "completion", "help"]],
  [["authgate", "token", "g"], ["get"]],
  [["authgate", "token", "get", "--fo"], ["--format", "--force-refresh"]],
  [["authgate", "token", "get", "--format", ""], [
    "plain",
    "json",
    "env",
    "header",
    "exec-credential",
  ]],
  [["authgate", "--client-id", "x", "token", "g"], ["get"]],
  // A flag's value is not a command word, even when it looks like one.
  [["authgate", "--client-id", "version", ""], ["token", "version", "completion", "help"]],
  [["authgate", "completion", ""], ["bash", "zsh", "fish", "powershell"]],
  [["authgate", "help", "token", "g"], ["get"]],
  [["authgate", "--token-store", ""], ["auto", "file", "keyring", "memory"]],
];

Deno.test("completion bash: the script from the CLI completes commands, flags and values in bash", async () => {
  const cli = [Deno.execPath(), ...cliCommandArgs(["completion", "bash"])].map(shq).join(" ");
  const cases = [
    ...CASES,
    [["authgate", "token", "get", "--format", "=", "e"], ["env", "exec-credential"]],
    [["authgate", "token", "get", "--format=e"], ["--format=env", "--format=exec-credential"]],
  ] as [string[], string[]][];
  const script = [
    `source <(${cli})`,
    ...cases.map(([words]) =>
      `COMP_WORDS=(${words.map(shq).join(" ")}); COMP_CWORD=${words.length - 1}; ` +
      `COMPREPLY=(); _authgate; echo "\${COMPREPLY[*]}"`
    ),
  ].join("\n");
  const lines = (await runShell("bash", ["-c", script])).split("\n");
  cases.forEach(([words, expected], i) => {
    assertEquals(lines[i].split(" ").filter(Boolean), expected, words.join(" "));
  });
});

Deno.test("completion bash: a PATH flag completes file names", async () => {
  await withScript("bash", async (path) => {
    const dir = path.slice(0, path.lastIndexOf("/"));
    await Deno.writeTextFile(`${dir}/claims.env`, "a=1\n");
    const out = await runShell("bash", [
      "-c",
      `source ${shq(path)}; COMP_WORDS=(authgate token get --extra-claims-file ${
        shq(`${dir}/cla`)
      }); COMP_CWORD=4; _authgate; echo "\${COMPREPLY[*]}"`,
    ]);
    assertEquals(out.trim(), `${dir}/claims.env`);
  });
});

Deno.test("completion zsh: parses, registers through compinit, and offers the right words", async () => {
  await withScript("zsh", async (path) => {
    await runShell("zsh", ["-n", path]);
    // compinit with only its own directory's functions on fpath (scanning the
    // whole completion library takes seconds and proves nothing more).
    const fpath = path.replace(/[^/]+$/, "fpath");
    const registered = await runShell("zsh", [
      "-f",
      "-c",
      [
        `mkdir -p ${shq(fpath)}`,
        `src=(\${^fpath}/compinit(N.)); cp \${src[1]:h}/comp*(.) ${shq(fpath)}/`,
        `fpath=(${shq(fpath)}); autoload -U compinit; compinit -u -D`,
        `source ${shq(path)}; print -r -- "\${_comps[authgate]}"`,
      ].join("\n"),
    ]);
    assertEquals(registered, "_authgate\n");
    // compsys builtins stubbed: they print what _authgate hands them.
    const stubs = [
      "compdef() { :; }",
      `source ${shq(path)}`,
      `_describe() { local name=\${@[-1]}; print -r -- "\${(j: :)\${(@)\${(@P)name}%%:*}}" }`,
      `compadd() { [[ $1 == -- ]] && shift; print -r -- "$*" }`,
      `_files() { print files }`,
      `_message() { print message }`,
      `compset() { :; }`,
    ];
    const calls = CASES.map(([words]) =>
      `words=(${words.map(shq).join(" ")}); CURRENT=${words.length}; ` +
      `print -r -- "$(_authgate | tr '\\n' ' ')"`
    );
    const lines = (await runShell("zsh", ["-f", "-c", [...stubs, ...calls].join("\n")])).split(
      "\n",
    );
    CASES.forEach(([words, expected], i) => {
      const offered = lines[i].split(" ").filter(Boolean);
      const prefix = words.at(-1)!;
      assertEquals(offered.filter((w) => w.startsWith(prefix)), expected, words.join(" "));
    });
  });
});

Deno.test("completion fish: complete -C offers the right words with descriptions", async () => {
  await withScript("fish", async (path) => {
    await runShell("fish", ["-n", path]);
    const calls = CASES.map(([words]) =>
      `complete -C ${shq(words.join(" "))} | string replace -r '\\t.*' '' | string join ' '`
    );
    const lines = (await runShell("fish", ["-c", [`source ${shq(path)}`, ...calls].join("\n")]))
      .split("\n");
    CASES.forEach(([words, expected], i) => {
      assertEquals(
        lines[i].split(" ").filter(Boolean).sort(),
        [...expected].sort(),
        words.join(" "),
      );
    });
    const described = await runShell("fish", [
      "-c",
      `source ${shq(path)}; complete -C 'authgate token g'`,
    ]);
    assertEquals(
      described,
      `get\t${COMMAND_TABLE.commands.find((c) => c.path.join(" ") === "token get")!.summary}\n`,
    );
  });
});

Deno.test("completion powershell: names every command word, flag and choice", () => {
  const script = completionScript(COMMAND_TABLE, "powershell");
  assertIncludes(script, "Register-ArgumentCompleter -Native -CommandName authgate");
  const model = completionModel(COMMAND_TABLE);
  for (const node of model.nodes) {
    for (const word of node.words) assertIncludes(script, `'${word.name}'`);
    for (const flag of node.flags) assertIncludes(script, `'--${flag.name}'`);
  }
  assertIncludes(script, `'--format' = @('plain', 'json', 'env', 'header', 'exec-credential')`);
  const opens = script.split("{").length, closes = script.split("}").length;
  assertEquals(opens, closes, "balanced braces");
});

Deno.test("completion: every shell's script comes from the same table", async () => {
  for (const shell of COMPLETION_SHELLS) {
    const run = await runCliProcess(["completion", shell]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, completionScript(COMMAND_TABLE, shell));
    for (const flag of SETTING_FLAG_LIST) {
      // fish names a flag `-l NAME`; the others spell `--NAME` (fish too, for flags with values).
      const named = run.stdout.includes(`-${flag.name}`) || run.stdout.includes(`-l ${flag.name} `);
      assert(named, `${shell}: ${flag.name}`);
    }
  }
});
