import { AppstoreOutlined } from '@ant-design/icons';
import { Skeleton, Tree, TreeSelect } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../platform/i18n.tsx';
import type { CategoryNode, CategoryTree } from './api.ts';
import { m } from './messages.ts';

export function toTreeData(nodes: CategoryNode[], options: { showCode?: boolean; retiredLabel?: string } = {}): DataNode[] {
  return nodes.map((n) => ({
    key: n.code,
    title: (
      <span className={n.category.status === 'retired' ? 'tree-retired' : undefined} data-testid={`tree-${n.code}`}>
        {options.showCode ? <span className="mono tree-code">{n.code}</span> : null}
        {n.name}
        {n.category.status === 'retired' && options.retiredLabel ? <span className="tree-retired-tag"> · {options.retiredLabel}</span> : null}
      </span>
    ),
    children: n.children.length ? toTreeData(n.children, options) : undefined,
    isLeaf: !n.children.length,
  }));
}

/** Ancestors of a code (`010101` → `01`, `0101`), to open the tree on the selection. */
export function ancestorKeys(code: string | undefined): string[] {
  if (!code) return [];
  const out: string[] = [];
  for (let i = 2; i < code.length; i += 2) out.push(code.slice(0, i));
  return out;
}

/** The buyer's category browser: the whole coding tree, opened on the selected category. */
export function CategoryTreePanel({ tree, loading, selected, onSelect }: { tree: CategoryTree; loading: boolean; selected?: string; onSelect: (code: string | undefined) => void }) {
  const { t } = useI18n();
  const data = useMemo(() => toTreeData(tree.roots), [tree]);
  const [expanded, setExpanded] = useState<string[]>(ancestorKeys(selected));
  useEffect(() => {
    if (selected) setExpanded((current) => [...new Set([...current, ...ancestorKeys(selected)])]);
  }, [selected]);
  if (loading && !tree.roots.length) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <div className="category-tree" data-testid="category-tree">
      <button type="button" className={`tree-all${selected ? '' : ' tree-all-selected'}`} onClick={() => onSelect(undefined)}>
        <AppstoreOutlined /> {t(m.allCategories)}
      </button>
      <Tree
        blockNode
        treeData={data}
        selectedKeys={selected ? [selected] : []}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys.map(String))}
        onSelect={(keys, info) => {
          const key = String(info.node.key);
          onSelect(keys.length ? key : key);
          if (!expanded.includes(key) && !info.node.isLeaf) setExpanded([...expanded, key]);
        }}
      />
    </div>
  );
}

export interface SelectTreeNode {
  value: string;
  title: string;
  children?: SelectTreeNode[];
  disabled?: boolean;
}

/** Tree data for TreeSelect: plain-text titles (`010101 交联聚乙烯绝缘电力电缆`) so search matches codes and names. */
export function toSelectTreeData(nodes: CategoryNode[], options: { disableRetired?: boolean } = {}): SelectTreeNode[] {
  return nodes.map((n) => ({
    value: n.code,
    title: `${n.code} ${n.name}`,
    disabled: options.disableRetired && n.category.status === 'retired',
    children: n.children.length ? toSelectTreeData(n.children, options) : undefined,
  }));
}

/** A category picker over the whole coding tree, searchable by code and name. */
export function CategorySelect({ tree, value, onChange, placeholder, style, disabled, testId, allowClear = true }: {
  tree: CategoryTree;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  disabled?: boolean;
  testId?: string;
  allowClear?: boolean;
}) {
  const data = useMemo(() => toSelectTreeData(tree.roots, { disableRetired: true }), [tree]);
  return (
    <TreeSelect
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      style={style}
      placeholder={placeholder}
      value={value}
      treeData={data}
      onChange={(v: string | undefined) => onChange?.(v)}
      disabled={disabled}
      data-testid={testId}
      popupMatchSelectWidth={false}
      listHeight={360}
    />
  );
}
