import { Checkbox, Col, Row, Typography } from 'antd';
import type { Role } from './api.ts';

/** Roles as a checkbox grid; a form control (value/onChange come from Form.Item). */
export function RoleCheckboxes({ roles, value, onChange, disabledKeys = [] }: { roles: readonly Role[]; value?: string[]; onChange?: (v: string[]) => void; disabledKeys?: string[] }) {
  return (
    <Checkbox.Group value={value} onChange={(v) => onChange?.(v as string[])} style={{ width: '100%' }}>
      <Row gutter={[8, 8]}>
        {roles.map((r) => (
          <Col key={r.key} xs={24} sm={12}>
            <Checkbox value={r.key} disabled={disabledKeys.includes(r.key)} data-testid={`role-${r.key}`}>
              {r.name}
              <Typography.Text type="secondary" className="role-key">
                {' '}
                {r.key}
              </Typography.Text>
            </Checkbox>
          </Col>
        ))}
      </Row>
    </Checkbox.Group>
  );
}
