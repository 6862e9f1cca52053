import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { RiskItem, RiskLevel, RiskRules } from '../../api/risk-client.ts';
import { useI18n } from '../../i18n.ts';
import { LEVEL_COLOURS, useRiskText } from '../../i18n-risk.ts';
import { riskLevel } from '../../../../src/engine/risk-assessments/risk-matrix.ts';

const CELL_BACKGROUND: Record<RiskLevel, string> = { high: '#ffccc7', medium: '#ffe7ba', low: '#d9f7be' };

/**
 * The 5x5 risk matrix: impact up the side (severe on top), likelihood along the bottom, each cell coloured by its
 * level, each listed risk placed in its cell as R1, R2… (hover for its name).
 */
export function RiskMatrix({ rules, risks }: { rules: RiskRules; risks: RiskItem[] }) {
  const { pick } = useI18n();
  const text = useRiskText();
  const steps = [1, 2, 3, 4, 5];
  const label = (s: { zh: string; en: string }) => pick(s);
  return (
    <div data-testid="risk-matrix">
      <div style={{ display: 'grid', gridTemplateColumns: '88px repeat(5, minmax(56px, 1fr))', gap: 2 }}>
        {[...steps].reverse().map((impact) => [
          <Typography.Text key={`i${impact}`} type="secondary" style={{ fontSize: 12, alignSelf: 'center', textAlign: 'right', paddingRight: 6 }}>
            {`${impact} ${label(rules.matrix.impact[impact - 1]!)}`}
          </Typography.Text>,
          ...steps.map((likelihood) => {
            // the server's own rule over the thresholds it publishes
            const level = riskLevel(rules, likelihood, impact);
            const here = risks.map((r, i) => ({ r, n: i + 1 })).filter(({ r }) => r.likelihood === likelihood && r.impact === impact);
            return (
              <div
                key={`${likelihood}-${impact}`}
                data-testid="risk-matrix-cell"
                data-likelihood={likelihood}
                data-impact={impact}
                data-level={level}
                style={{ background: CELL_BACKGROUND[level], minHeight: 48, padding: 4, borderRadius: 4, display: 'flex', flexWrap: 'wrap', gap: 2, alignContent: 'flex-start' }}
              >
                {here.map(({ r, n }) => (
                  <Tooltip key={r.id} title={`${r.title}（${likelihood}×${impact}）`}>
                    <Tag color={LEVEL_COLOURS[r.level]} style={{ marginInlineEnd: 0 }} data-testid="risk-matrix-risk" data-risk={r.id}>
                      {`R${n}`}
                    </Tag>
                  </Tooltip>
                ))}
              </div>
            );
          }),
        ])}
        <div />
        {steps.map((likelihood) => (
          <Typography.Text key={`l${likelihood}`} type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
            {`${likelihood} ${label(rules.matrix.likelihood[likelihood - 1]!)}`}
          </Typography.Text>
        ))}
      </div>
      <Flex justify="space-between" style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`↑ ${text.impact}  → ${text.likelihood}`}</Typography.Text>
        <Flex gap={4}>
          {(['high', 'medium', 'low'] as const).map((l) => (
            <Tag key={l} color={LEVEL_COLOURS[l]}>
              {text.levelName[l]}
            </Tag>
          ))}
        </Flex>
      </Flex>
    </div>
  );
}
