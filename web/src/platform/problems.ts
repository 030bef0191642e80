import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiProblem, isProblem, type FieldProblem } from './api.ts';
import { translate, useI18n, type Lang } from './i18n.tsx';
import { common } from './messages.ts';

/** `/admin/email` → `['admin', 'email']`, `/roles/0` → `['roles', 0]` (the form's name path). */
export function pointerToPath(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * The message shown under a field. A domain problem with one field error (e-mail taken, weak
 * password) says it best in its localized `detail`; schema-validation messages come from the
 * validator in English, so the common ones are translated here.
 */
export function fieldMessage(problem: ApiProblem, error: FieldProblem, lang: Lang): string {
  if (problem.code !== 'request.invalid' && problem.errors.length === 1) return problem.detail || problem.title;
  const m = error.message;
  let match: RegExpExecArray | null;
  if (/required property/.test(m)) return translate(lang, common.fieldRequired);
  if (/format "email"/.test(m)) return translate(lang, common.fieldEmail);
  if ((match = /fewer than (\d+) characters/.exec(m))) return translate(lang, common.fieldMinLength, { n: match[1] });
  if ((match = /more than (\d+) characters/.exec(m))) return translate(lang, common.fieldMaxLength, { n: match[1] });
  if ((match = /fewer than (\d+) items/.exec(m))) return translate(lang, common.fieldMinItems, { n: match[1] });
  if (/pattern|format/.test(m)) return translate(lang, common.fieldFormat);
  if (/allowed values|constant|must be/.test(m)) return lang === 'en' ? m : translate(lang, common.fieldInvalid);
  return lang === 'en' ? m : translate(lang, common.fieldInvalid);
}

/**
 * Puts a problem's `errors[]` on the form fields they point at. Returns the errors that match no
 * field of the form (those are shown with the problem's title instead).
 * `prefix` strips a leading body path, `rename` maps a pointer path to another field name.
 */
export function applyProblemToForm(
  form: FormInstance,
  problem: ApiProblem,
  lang: Lang,
  options: { prefix?: Array<string | number>; rename?: Record<string, Array<string | number>> } = {},
): FieldProblem[] {
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
  const unmatched: FieldProblem[] = [];
  for (const error of problem.errors) {
    let name = pointerToPath(error.pointer);
    const renamed = options.rename?.[error.pointer];
    if (renamed) name = renamed;
    else if (options.prefix && options.prefix.every((p, i) => name[i] === p)) name = name.slice(options.prefix.length);
    // An error on an array item (roles/2) belongs to the array field.
    while (name.length > 1 && !registered.has(JSON.stringify(name)) && typeof name[name.length - 1] === 'number') name = name.slice(0, -1);
    const key = JSON.stringify(name);
    if (!registered.has(key)) {
      unmatched.push(error);
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fieldMessage(problem, error, lang));
    byField.set(key, entry);
  }
  if (byField.size) form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors: [...new Set(errors)] })));
  return unmatched;
}

/**
 * Shows what went wrong: field errors on the form when there is one, otherwise the problem's
 * title and detail as a notification. Anything that is not a problem is shown as unexpected.
 */
export function useProblemHandler() {
  const { notification, message } = App.useApp();
  const { lang, t } = useI18n();
  return useCallback(
    (error: unknown, form?: FormInstance, options?: Parameters<typeof applyProblemToForm>[3]) => {
      if (!isProblem(error)) {
        console.error(error);
        notification.error({ title: t(common.unexpectedTitle), description: t(common.unexpectedDetail) });
        return;
      }
      if (form && error.errors.length) {
        const unmatched = applyProblemToForm(form, error, lang, options);
        if (unmatched.length === 0) {
          void message.error(error.title);
          return;
        }
      }
      notification.error({ title: error.title, description: error.detail || undefined, key: error.code });
    },
    [notification, message, lang, t],
  );
}
