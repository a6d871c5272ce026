import type { ProblemInit } from "../../lib/problem";
import type { DeskStrings } from "../../render/desk/strings";
import { type FormArticleInput, fieldNameForPointer } from "./form-input";

/** A refused save as the form shows it: each field error beside its control, the rest on top. */
export function editorErrors(problem: ProblemInit, rows: FormArticleInput["rows"], s: DeskStrings) {
  const errors = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const error of problem.errors ?? []) {
    const name = fieldNameForPointer(error.pointer, rows);
    if (name === "") unplaced.push(error.detail);
    else errors.set(name, [...(errors.get(name) ?? []), error.detail]);
  }
  const lead = problem.status === 403 ? s.forbidden : errors.size > 0 ? s.fixErrors : problem.title;
  const text = [lead, problem.status === 403 || errors.size === 0 ? problem.detail : "", ...unplaced]
    .filter(Boolean)
    .join(" ");
  return { errors, notice: { kind: "error" as const, text } };
}
