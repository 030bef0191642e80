import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { isProblem } from '../../platform/api.ts';
import { useI18n, type Lang } from '../../platform/i18n.tsx';
import { pointerToPath, useProblemHandler } from '../../platform/problems.ts';

/**
 * The catalog's field and import-row messages come from the server in English (they are the
 * validator's words, like the schema messages problems.ts translates). The ones it sends are
 * translated here for the Chinese UI; anything unknown is shown as sent.
 */
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^is required by the category template$/, () => '分类模板要求填写此参数'],
  [/^is required$/, () => '此项为必填项'],
  [/^must be positive$/, () => '必须大于 0'],
  [/^must not be negative$/, () => '不能为负数'],
  [/^must be a decimal number$/, () => '必须是数字'],
  [/^must be decimal numbers$/, () => '必须是数字'],
  [/^"(.*)" is not a number$/, (x) => `“${x[1]}”不是数字`],
  [/^must be a number in (.+)$/, (x) => `必须是以 ${x[1]} 为单位的数值`],
  [/^must be a number$/, () => '必须是数值'],
  [/^must be one of (.+)$/, (x) => `必须是以下之一：${x[1]}`],
  [/^must be true or false$/, () => '必须是“是”或“否”'],
  [/^must be at most (\d+) characters$/, (x) => `最多 ${x[1]} 个字符`],
  [/^unit (\S+) cannot be converted to (\S+)$/, (x) => `单位 ${x[1]} 无法换算为 ${x[2]}`],
  [/^is not an attribute of this category \(known: (.*)\)$/, (x) => `不是该分类的参数（可用参数：${x[1] || '无'}）`],
  [/^unknown unit (.+)$/, (x) => `未知计量单位 ${x[1]}`],
  [/^no category (.+)$/, (x) => `分类 ${x[1]} 不存在`],
  [/^no standard item (.+)$/, (x) => `标准物料 ${x[1]} 不存在`],
  [/^parent (\S+) does not exist$/, (x) => `上级分类 ${x[1]} 不存在`],
  [/^must be 2 to 12 digits, two per level$/, () => '必须是 2 至 12 位数字，每级两位'],
  [/^must be 2, 4, 6 … 12 digits$/, () => '必须是 2、4、6……12 位数字'],
  [/^SKU code\(s\) (.+) already exist; a product's rows must be all new or all existing$/, (x) => `SKU 编码 ${x[1]} 已存在；同一商品的行必须全部为新增或全部为已有`],
  [/^already used by your organisation$/, () => '贵企业已使用该编码'],
  [/^duplicate quantity break$/, () => '阶梯数量重复'],
  [/^duplicate key$/, () => '参数键重复'],
  [/^appears twice$/, () => '重复出现'],
  [/^is not one of your SKUs$/, () => '不是贵企业的 SKU'],
  [/^a product needs at least one SKU$/, () => '商品至少需要一个 SKU'],
  [/^an enumeration needs options$/, () => '枚举类型需要可选值'],
  [/^only numbers have units$/, () => '只有数值类型可以设置单位'],
  [/^must be after validFrom$/, () => '截止日期必须晚于生效日期'],
];

export function serverMessage(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  for (const [pattern, render] of PATTERNS) {
    const match = pattern.exec(message.trim());
    if (match) return render(match);
  }
  return message;
}

/** True when the message is one this table knows (so it says more than a generic "not valid"). */
function known(message: string): boolean {
  return PATTERNS.some(([pattern]) => pattern.test(message.trim()));
}

/**
 * The shared problem handler, then, in Chinese, the catalog's own field messages put back on the
 * fields in Chinese (the shared handler can only say "取值无效" for messages it does not know).
 */
export function useCatalogProblemHandler() {
  const handle = useProblemHandler();
  const { lang } = useI18n();
  return useCallback(
    (error: unknown, form?: FormInstance, options?: { prefix?: Array<string | number>; rename?: Record<string, Array<string | number>> }) => {
      handle(error, form, options);
      if (!form || !isProblem(error) || lang !== 'zh-CN') return;
      const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
      const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
      for (const e of error.errors) {
        if (!known(e.message)) continue;
        let name = options?.rename?.[e.pointer] ?? pointerToPath(e.pointer);
        if (!options?.rename?.[e.pointer] && options?.prefix && options.prefix.every((p, i) => name[i] === p)) name = name.slice(options.prefix.length);
        while (name.length > 1 && !registered.has(JSON.stringify(name)) && typeof name[name.length - 1] === 'number') name = name.slice(0, -1);
        const key = JSON.stringify(name);
        if (!registered.has(key)) continue;
        const entry = byField.get(key) ?? { name, errors: [] };
        entry.errors.push(serverMessage(e.message, lang));
        byField.set(key, entry);
      }
      if (byField.size) form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
    },
    [handle, lang],
  );
}
