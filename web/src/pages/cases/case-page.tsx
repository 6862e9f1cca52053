import { Card, Flex, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { AvailableTransition } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { MatterPageHeader } from '../../components/page-header.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { CaseActions } from './case-actions.tsx';
import { useCaseFlow } from './case-flow.ts';
import { CaseHeader } from './case-header.tsx';
import { ClocksSection } from './clocks-section.tsx';
import { DossierSection } from './dossier-section.tsx';
import { EvidenceSection } from './evidence-section.tsx';
import { LoansSection } from './loans-section.tsx';
import { PersonsSection } from './persons-section.tsx';
import { PropertySection } from './property-section.tsx';
import { ReceiveDialog } from './receive-dialog.tsx';
import { TimelineSection } from './timeline-section.tsx';
import { TransfersSection } from './transfers-section.tsx';
import { TransitionDialog } from './transition-dialog.tsx';

/** One case (/cases/:id): everything the reader's unit may see of it, and what it may do now. `?transfer=` opens receiving. */
export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useApi((signal) => api.case(id, { signal }), [id]);
  // the flow names everything on the page and tells the dialogs what each step needs: wait for it too
  const flow = useCaseFlow();
  const [firing, setFiring] = useState<AvailableTransition | null>(null);
  // the inbox links a loan to decide (?loan=) or an item to receive (?handover=): open the tab that lists it
  const [tab, setTab] = useState(() =>
    searchParams.has('loan') ? 'loans' : searchParams.has('handover') ? 'property' : 'dossier',
  );
  const receiving = searchParams.get('transfer');
  const text = t.cases.page;

  const receive = (transferId: string | null) =>
    setSearchParams(
      (params) => {
        if (transferId) params.set('transfer', transferId);
        else params.delete('transfer');
        return params;
      },
      { replace: true },
    );

  const c = view.data;
  if (!c || !flow.flow) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    if (flow.error) return <ErrorAlert error={flow.error} onRetry={flow.retry} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }

  return (
    <Flex vertical gap={16}>
      <MatterPageHeader
        title={`${c.caseNumber} ${c.title}`}
        back={{ to: '/cases', text: text.back }}
        reload={{ onClick: view.reload, loading: view.isLoading, text: text.reload, testId: 'case-reload' }}
        error={view.error}
      />
      <CaseHeader view={c} />
      <CaseActions view={c} onFire={setFiring} onReceive={receive} />
      <PersonsSection view={c} onChanged={view.reload} />
      <ClocksSection view={c} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'dossier', label: text.tabs.dossier, children: <DossierSection view={c} onChanged={view.reload} /> },
            { key: 'evidence', label: text.tabs.evidence, children: <EvidenceSection view={c} onChanged={view.reload} /> },
            { key: 'transfers', label: text.tabs.transfers, children: <TransfersSection view={c} onReceive={receive} /> },
            { key: 'timeline', label: text.tabs.timeline, children: <TimelineSection view={c} /> },
            { key: 'loans', label: text.tabs.loans, children: <LoansSection view={c} onChanged={view.reload} /> },
            { key: 'property', label: text.tabs.property, children: <PropertySection view={c} onChanged={view.reload} /> },
          ].map((item) => ({ ...item, label: <span data-testid={`case-tab-${item.key}`}>{item.label}</span> }))}
        />
      </Card>
      {firing ? (
        <TransitionDialog
          view={c}
          transition={firing}
          onClose={() => setFiring(null)}
          onDone={() => {
            setFiring(null);
            view.reload();
          }}
        />
      ) : null}
      {receiving ? (
        <ReceiveDialog
          caseId={c.id}
          transferId={receiving}
          view={c}
          onClose={() => receive(null)}
          onDone={() => {
            receive(null);
            view.reload();
          }}
        />
      ) : null}
    </Flex>
  );
}
