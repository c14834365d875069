import { Flex, Heading, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { formatDay } from '../../shared/format/dates';
import { BAND_LABEL, BAND_TAG } from '../../shared/format/labels';
import { formatAmount, formatChange } from '../../shared/format/numbers';
import type { PortfolioResponse } from '../../shared/insights-contract';

/** The accounts whose churn risk rose most over the last seven days. */
export function RisingRiskTable({ accounts, currency }: { accounts: PortfolioResponse['risingRisk']; currency?: string }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>Risk rising this week</Heading>
      {accounts.length === 0 ? (
        <Text testId="no-risers">No account's risk rose over the last seven days.</Text>
      ) : (
        <Table bordered testId="rising-risk">
          <TableHead>
            <TableRow>
              <TableHeader>Account</TableHeader>
              <TableHeader align="right">Risk</TableHeader>
              <TableHeader align="right">7 days</TableHeader>
              <TableHeader>Band</TableHeader>
              <TableHeader align="right">ARR</TableHeader>
              <TableHeader>Renewal</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {accounts.map((account) => (
              <TableRow key={account.id}>
                <TableCell>{account.name}</TableCell>
                <TableCell align="right">{account.riskScore}</TableCell>
                <TableCell align="right">{formatChange(account.change7d)}</TableCell>
                <TableCell>
                  <Tag variant={BAND_TAG[account.band]}>{BAND_LABEL[account.band]}</Tag>
                </TableCell>
                <TableCell align="right">{account.arr === null ? 'n/a' : formatAmount(account.arr, account.currency ?? currency)}</TableCell>
                <TableCell>{account.renewalDate === null ? 'n/a' : formatDay(account.renewalDate)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
