/**
 * Retention as a finance team computes it, per year of the window: the cohort is every account with
 * ARR on the year's first day; churned ARR is the starting ARR of those with none a year later;
 * contraction and expansion are the net ARR changes of the survivors.
 */
import type { Account, Portfolio, Segment } from './model.js';

export interface RetentionFigures {
  accounts: number;
  startingArr: number;
  churnedArr: number;
  contractionArr: number;
  expansionArr: number;
  churnedAccounts: number;
  /** Percentages. */
  grossRevenueRetention: number;
  netRevenueRetention: number;
  logoChurn: number;
  arrChurn: number;
}

export interface YearRetention {
  year: number;
  fromDay: number;
  toDay: number;
  bySegment: Record<Segment | 'blended', RetentionFigures>;
}

/** Contracted ARR of an account at the end of a day. */
export function arrOn(account: Account, day: number): number {
  let arr = 0;
  for (const change of account.arrChanges) {
    if (change.day > day) break;
    arr = change.arr;
  }
  return arr;
}

function figures(accounts: readonly Account[], fromDay: number, toDay: number): RetentionFigures {
  let startingArr = 0;
  let churnedArr = 0;
  let contractionArr = 0;
  let expansionArr = 0;
  let cohort = 0;
  let churned = 0;
  for (const account of accounts) {
    const start = arrOn(account, fromDay - 1);
    if (start <= 0) continue;
    const end = arrOn(account, toDay - 1);
    cohort++;
    startingArr += start;
    if (end <= 0) {
      churned++;
      churnedArr += start;
    } else if (end < start) contractionArr += start - end;
    else expansionArr += end - start;
  }
  const pct = (x: number): number => (startingArr > 0 ? (100 * x) / startingArr : 0);
  return {
    accounts: cohort,
    startingArr,
    churnedArr,
    contractionArr,
    expansionArr,
    churnedAccounts: churned,
    grossRevenueRetention: pct(startingArr - churnedArr - contractionArr),
    netRevenueRetention: pct(startingArr - churnedArr - contractionArr + expansionArr),
    logoChurn: cohort > 0 ? (100 * churned) / cohort : 0,
    arrChurn: pct(churnedArr),
  };
}

/** GRR, NRR and logo churn per segment and blended for each full year of the window. */
export function retentionByYear(portfolio: Portfolio): YearRetention[] {
  const years: YearRetention[] = [];
  for (let year = 0; year < portfolio.years; year++) {
    const fromDay = portfolio.windowStartDay + year * 365;
    const toDay = fromDay + 365;
    if (toDay - 1 > portfolio.asOfDay) break;
    const of = (segment: Segment): Account[] => portfolio.accounts.filter((a) => a.segment === segment);
    years.push({
      year: year + 1,
      fromDay,
      toDay,
      bySegment: {
        smb: figures(of('smb'), fromDay, toDay),
        mid_market: figures(of('mid_market'), fromDay, toDay),
        enterprise: figures(of('enterprise'), fromDay, toDay),
        blended: figures(portfolio.accounts, fromDay, toDay),
      },
    });
  }
  return years;
}
