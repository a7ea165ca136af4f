// The studio's text editor: CodeMirror 6 from npm (package.json), bundled by the build into one file of the site
// (codemirror.mjs, by esbuild: guide/publish/studio.py). Only what the studio uses is exported.
export { EditorView, basicSetup } from "codemirror";
export { drawSelection } from "@codemirror/view";
export { EditorState } from "@codemirror/state";
export { yaml } from "@codemirror/lang-yaml";
export { lintGutter, setDiagnostics } from "@codemirror/lint";
