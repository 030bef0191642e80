import { Steps } from 'antd';
import { useT } from '../../platform/i18n.tsx';
import { m } from './messages.ts';

/** Details → licence → submit → review; `current` is the step under way. */
export function RegistrationSteps({ current, failed = false }: { current: number; failed?: boolean }) {
  const t = useT();
  return (
    <Steps
      size="small"
      current={current}
      status={failed ? 'error' : current >= 4 ? 'finish' : 'process'}
      items={[{ title: t(m.stepDetails) }, { title: t(m.stepLicence) }, { title: t(m.stepSubmit) }, { title: t(m.stepReview) }]}
      style={{ marginBottom: 24 }}
    />
  );
}
