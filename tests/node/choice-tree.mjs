// Rebuilds steps from a choice tree with the page's own module, for tests/test_choice_tree.py.
// Usage: node tests/node/choice-tree.mjs JOB_JSON   ({tree, cases: [[answers, submitted], ...]}) -> steps as JSON
import { readFileSync } from "node:fs";
import { treeStep } from "../../guide/web/guide/choice-tree.mjs";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(job.cases.map(([answers, submitted]) => treeStep(job.tree, answers, submitted))));
