// The guide's choice steps, worked out at build time by the same engine (guide/publish/choice_tree.py): the page
// answers from them at once, so nobody waits for Pyodide before a date question or a form. Returns the step exactly
// as the engine gives it ("Your answers" list included), or null where only the engine can answer: a date, an
// answer that is not one of the options, advice.
const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const ANY = "*"; // never an option value

export function treeStep(tree, answers, submitted) {
  if (!tree || !tree.root) return null;
  let node = tree.root;
  const summary = [];
  for (let depth = 0; depth <= tree.questions.length + 1; depth++) {
    if (!Array.isArray(node)) return own(node, "o") ? { ...tree.outcomes[node.o], summary } : null;
    const { question, blank } = tree.questions[node[0]];
    if (!own(answers, question.id)) {
      return { kind: "question", question, errors: submitted === question.id ? blank : [], value: null, summary };
    }
    const given = answers[question.id];
    const option = typeof given === "string" ? question.options.find((o) => o.value === given) : undefined;
    // "*": every option leads to the same step (a question that changes only some pieces of the advice).
    const key = own(node[1], ANY) ? ANY : given;
    if (!option || !own(node[1], key)) return null;
    summary.push({ id: question.id, question: question.text, answer: option.label });
    node = node[1][key];
  }
  return null;
}
