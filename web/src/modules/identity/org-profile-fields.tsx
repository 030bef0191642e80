import { CheckCircleFilled } from '@ant-design/icons';
import { Checkbox, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useT } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { m } from './messages.ts';
import { checkUscc } from './uscc.ts';

export const ORG_KINDS = ['buyer', 'supplier', 'partner'] as const;
export const PARTNER_TYPES = ['logistics', 'inspection', 'finance', 'legal'] as const;

export interface OrgProfileValues {
  name: string;
  nameEn?: string | null;
  uscc: string;
  kinds: Array<(typeof ORG_KINDS)[number]>;
  partnerType?: (typeof PARTNER_TYPES)[number] | null;
  region?: string | null;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** Empty optional strings go to the server as null (the schema allows null, not ''). */
export function cleanProfile(values: OrgProfileValues): OrgProfileValues {
  const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
  return {
    name: values.name.trim(),
    nameEn: blank(values.nameEn),
    uscc: values.uscc.trim().toUpperCase(),
    kinds: values.kinds,
    partnerType: values.kinds.includes('partner') ? (values.partnerType ?? null) : null,
    region: blank(values.region),
    address: blank(values.address),
    contactName: blank(values.contactName),
    contactPhone: blank(values.contactPhone),
  };
}

/** The organisation's details as form items, under `prefix` (['organization'] when registering). */
export function OrgProfileFields({ prefix = [] }: { prefix?: string[] }) {
  const t = useT();
  const form = Form.useFormInstance();
  const name = (field: string) => [...prefix, field];
  const uscc = Form.useWatch(name('uscc'), form) as string | undefined;
  const kinds = (Form.useWatch(name('kinds'), form) as string[] | undefined) ?? [];
  const usccValid = Boolean(uscc && checkUscc(uscc) === null);
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name={name('name')} label={t(m.orgName)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200, message: t(common.fieldMaxLength, { n: 200 }) }]}>
          <Input placeholder={t(m.orgNamePlaceholder)} data-testid="org-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={name('nameEn')} label={t(common.optionalLabel, { label: t(m.orgNameEn) })} rules={[{ max: 200, message: t(common.fieldMaxLength, { n: 200 }) }]}>
          <Input data-testid="org-name-en" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={name('uscc')}
          label={t(m.uscc)}
          validateFirst
          normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
          extra={
            usccValid ? (
              <Typography.Text type="success">
                <CheckCircleFilled /> {t(m.usccOk)}
              </Typography.Text>
            ) : (
              t(m.usccHint)
            )
          }
          rules={[
            { required: true, message: t(common.fieldRequired) },
            {
              validator: async (_, value: string | undefined) => {
                if (!value) return;
                const problem = checkUscc(value);
                if (problem === 'length') throw new Error(t(m.usccLength, { n: value.trim().length }));
                if (problem === 'characters') throw new Error(t(m.usccCharacters));
                if (problem === 'check_character') throw new Error(t(m.usccCheck));
              },
            },
          ]}
        >
          <Input maxLength={18} className="mono" placeholder="91320000XXXXXXXXXX" data-testid="org-uscc" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={name('kinds')} label={t(m.kinds)} extra={t(m.kindsHint)} rules={[{ required: true, type: 'array', min: 1, message: t(common.fieldMinItems, { n: 1 }) }]}>
          <Checkbox.Group options={ORG_KINDS.map((k) => ({ value: k, label: <span data-testid={`org-kind-${k}`}>{t(common[`kind_${k}`])}</span> }))} />
        </Form.Item>
      </Col>
      {kinds.includes('partner') ? (
        <Col xs={24} md={12}>
          <Form.Item name={name('partnerType')} label={t(m.partnerType)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
            <Select options={PARTNER_TYPES.map((p) => ({ value: p, label: t(common[`partnerType_${p}`]) }))} />
          </Form.Item>
        </Col>
      ) : null}
      <Col xs={24} md={12}>
        <Form.Item name={name('region')} label={t(common.optionalLabel, { label: t(m.region) })} rules={[{ max: 100, message: t(common.fieldMaxLength, { n: 100 }) }]}>
          <Input placeholder={t(m.regionPlaceholder)} />
        </Form.Item>
      </Col>
      <Col xs={24} md={kinds.includes('partner') ? 24 : 12}>
        <Form.Item name={name('address')} label={t(common.optionalLabel, { label: t(m.address) })} rules={[{ max: 300, message: t(common.fieldMaxLength, { n: 300 }) }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={name('contactName')} label={t(common.optionalLabel, { label: t(m.contactName) })} rules={[{ max: 100, message: t(common.fieldMaxLength, { n: 100 }) }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={name('contactPhone')} label={t(common.optionalLabel, { label: t(m.contactPhone) })} rules={[{ max: 40, message: t(common.fieldMaxLength, { n: 40 }) }]}>
          <Input />
        </Form.Item>
      </Col>
    </Row>
  );
}
