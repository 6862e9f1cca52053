/**
 * A sheet of synthetic disputes to import (issue 6 part 8's benchmark): `rows` rows in the template's columns
 * (rules/governance/dispute-import.yaml), deterministic from `seed` (src/shared/prng.ts). Every row is one the
 * intake accepts: a known type, a valid mobile number unique to the row (so no two rows are the same matter),
 * a resident ID number with its GB 11643 check character on some rows, an organisation as respondent on some.
 * Written as UTF-8 CSV with a BOM, as Excel saves "CSV UTF-8".
 *
 *   npx tsx bench/synthetic/disputes-csv.ts <out.csv> [--rows 100000] [--seed 20261122]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { residentIdCheckChar } from '../../src/shared/gb11643.ts';
import { createPrng } from '../../src/shared/prng.ts';

export const HEADER = ['来源编号', '纠纷类型', '纠纷简要情况', '涉及金额（元）', '申请人姓名', '申请人电话', '申请人身份证号', '被申请人姓名', '被申请人类型', '被申请人电话'];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉凤兵波辉鹏燕飞林海成云晓东文斌浩宇欣怡子轩梓涵'];
const TYPES = ['邻里纠纷', '婚姻家庭纠纷', '物业管理纠纷', '房屋租赁纠纷', '消费纠纷', '劳动争议及欠薪纠纷', '民间借贷纠纷', '合同纠纷', '道路交通事故损害赔偿纠纷', '财产损害赔偿纠纷'];
const COMPANIES = ['某物业服务有限公司', '某建筑劳务有限公司', '某房地产开发有限公司', '某商贸有限公司', '某餐饮管理有限公司'];
const FACTS = ['因楼上漏水导致天花板受损', '因宠物噪音影响休息', '因拖欠工资', '因租金押金退还', '因借款到期未还', '因车辆剐蹭赔偿', '因物业费收取标准', '因装修施工扰民', '因商品质量问题退换', '因合同履行期限'];
const OUTCOMES = ['多次协商未果', '双方各执一词', '曾经村委会调解未成', '申请人要求赔偿损失', '双方情绪激动，有激化风险'];

/** The rows of the sheet, header first: the same seed always gives the same rows. */
export function* disputeRows(rows: number, seed: number): Generator<string[]> {
  const prng = createPrng(seed);
  const name = () => prng.pick(SURNAMES) + prng.pick(GIVEN) + (prng.chance(0.6) ? prng.pick(GIVEN) : '');
  yield HEADER;
  for (let i = 0; i < rows; i++) {
    const type = prng.pick(TYPES);
    const organisation = prng.chance(0.3);
    let id = '';
    if (prng.chance(0.5)) {
      const birth = `${prng.int(1950, 2004)}${String(prng.int(1, 12)).padStart(2, '0')}${String(prng.int(1, 28)).padStart(2, '0')}`;
      const first17 = `990102${birth}${String(prng.int(0, 999)).padStart(3, '0')}`;
      id = first17 + residentIdCheckChar(first17);
    }
    yield [
      `SYN-${seed}-${i + 1}`,
      type,
      `${prng.pick(FACTS)}，${prng.pick(OUTCOMES)}。（第 ${i + 1} 件）`,
      prng.chance(0.7) ? (prng.int(100, 50_000_000) / 100).toFixed(2) : '',
      name(),
      // 13 + nine digits from the row's number: a different applicant on every row
      `13${String(i).padStart(9, '0')}`,
      id,
      organisation ? prng.pick(COMPANIES) : name(),
      organisation ? '组织' : '自然人',
      prng.chance(0.4) ? `1${prng.int(5, 9)}${String(prng.int(0, 999_999_999)).padStart(9, '0')}` : '',
    ];
  }
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Writes the sheet to `path`; answers its size in bytes. */
export async function writeDisputesCsv(path: string, rows: number, seed: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = '\ufeff';
  for (const row of disputeRows(rows, seed)) {
    buffer += `${row.map(csvField).join(',')}\r\n`;
    if (buffer.length > 1 << 16) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: '20261122' } } });
  if (positionals.length !== 1) throw new Error('usage: disputes-csv.ts <out.csv> [--rows N] [--seed N]');
  const bytes = await writeDisputesCsv(positionals[0]!, Number(values.rows), Number(values.seed));
  console.error(`${values.rows} rows, ${bytes} bytes -> ${positionals[0]}`);
}
