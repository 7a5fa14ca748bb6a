/**
 * The Thai address cascade: province → district (เขต/อำเภอ) → subdistrict
 * (ตำบล/แขวง) → postcode, each chosen from the real data set the API serves. Values are
 * names (that is what is stored); ids are looked up from the names to load the next list.
 */
import { createMemo, createResource } from 'solid-js';
import { api, type FieldErrors } from '../lib/api.ts';
import { defineMessages } from '../lib/i18n.ts';
import { SelectField, TextField } from './Form.tsx';

export type AddressChoice = { province: string; district: string; subdistrict: string; postcode: string };

const t = defineMessages(
  {
    province: 'จังหวัด',
    district: 'เขต/อำเภอ',
    subdistrict: 'ตำบล/แขวง',
    postcode: 'รหัสไปรษณีย์',
    chooseProvince: '— เลือกจังหวัด —',
    chooseDistrict: '— เลือกเขต/อำเภอ —',
    chooseSubdistrict: '— เลือกตำบล/แขวง —',
    chooseAbove: '— เลือกรายการด้านบนก่อน —',
    loading: 'กำลังโหลด…',
    loadFailed: 'โหลดรายการไม่สำเร็จ กรุณาลองใหม่',
    postcodeHint: 'ระบบเติมให้เมื่อเลือกตำบล/แขวง',
  },
  {
    province: 'Province',
    district: 'District',
    subdistrict: 'Subdistrict',
    postcode: 'Postcode',
    chooseProvince: '— Choose a province —',
    chooseDistrict: '— Choose a district —',
    chooseSubdistrict: '— Choose a subdistrict —',
    chooseAbove: '— Choose the one above first —',
    loading: 'Loading…',
    loadFailed: 'Could not load the list. Please try again.',
    postcodeHint: 'Filled in when you choose the subdistrict.',
  },
);

// The lists never change while the page is open: ask once per province or district.
const lists = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = lists.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    lists.set(key, p);
    p.catch(() => lists.delete(key));
  }
  return p;
}

const SEP = '|';

export function AddressFields(props: {
  idPrefix: string;
  value: AddressChoice;
  onChange: (next: AddressChoice) => void;
  errors?: FieldErrors;
  required?: boolean;
}) {
  const [provinces] = createResource(() => once('provinces', () => api.registration.provinces()));
  // Read a list only when it is ready: reading a loading resource would suspend the whole page.
  const provinceList = () => (provinces.state === 'ready' ? provinces() : undefined);
  const provinceId = createMemo(() => provinceList()?.find((p) => p.name === props.value.province)?.id);

  const [districts] = createResource(provinceId, (id) => once(`d:${id}`, () => api.registration.districts(id)));
  const districtList = () => {
    const id = provinceId();
    return id && districts.state === 'ready' ? districts().filter((d) => d.provinceId === id) : undefined;
  };
  const districtId = createMemo(() => districtList()?.find((d) => d.name === props.value.district)?.id);

  const [subdistricts] = createResource(districtId, (id) => once(`s:${id}`, () => api.registration.subdistricts(id)));
  const subdistrictList = () => {
    const id = districtId();
    return id && subdistricts.state === 'ready' ? subdistricts().filter((s) => s.districtId === id) : undefined;
  };

  const placeholder = (list: unknown, loading: boolean, errored: boolean, ready: string, needsParent: boolean) =>
    errored ? t('loadFailed') : loading ? t('loading') : needsParent && !list ? t('chooseAbove') : ready;

  const subdistrictOptions = createMemo(() => {
    const list = subdistrictList() ?? [];
    const count = new Map<string, number>();
    for (const s of list) count.set(s.name, (count.get(s.name) ?? 0) + 1);
    // A subdistrict split across two postcodes shows both, so the person can pick the right one.
    return list.map((s) => ({ value: `${s.name}${SEP}${s.postcode}`, label: count.get(s.name)! > 1 ? `${s.name} (${s.postcode})` : s.name }));
  });

  const id = (name: string) => `${props.idPrefix}-${name}`;
  const err = (name: keyof AddressChoice) => props.errors?.[name];

  return (
    <>
      <SelectField
        id={id('province')}
        label={t('province')}
        required={props.required}
        error={err('province')}
        value={props.value.province}
        options={(provinceList() ?? []).map((p) => ({ value: p.name, label: p.name }))}
        placeholder={placeholder(provinceList(), provinces.loading, provinces.state === 'errored', t('chooseProvince'), false)}
        onChange={(name) => props.onChange({ province: name, district: '', subdistrict: '', postcode: '' })}
      />
      <SelectField
        id={id('district')}
        label={t('district')}
        required={props.required}
        error={err('district')}
        value={props.value.district}
        disabled={!provinceId()}
        options={(districtList() ?? []).map((d) => ({ value: d.name, label: d.name }))}
        placeholder={placeholder(districtList(), districts.loading, districts.state === 'errored', t('chooseDistrict'), true)}
        onChange={(name) => props.onChange({ ...props.value, district: name, subdistrict: '', postcode: '' })}
      />
      <SelectField
        id={id('subdistrict')}
        label={t('subdistrict')}
        required={props.required}
        error={err('subdistrict')}
        value={props.value.subdistrict ? `${props.value.subdistrict}${SEP}${props.value.postcode}` : ''}
        disabled={!districtId()}
        options={subdistrictOptions()}
        placeholder={placeholder(subdistrictList(), subdistricts.loading, subdistricts.state === 'errored', t('chooseSubdistrict'), true)}
        onChange={(value) => {
          const [subdistrict = '', postcode = ''] = value.split(SEP);
          props.onChange({ ...props.value, subdistrict, postcode });
        }}
      />
      <TextField
        id={id('postcode')}
        label={t('postcode')}
        required={props.required}
        error={err('subdistrict') ? undefined : err('postcode')}
        value={props.value.postcode}
        readOnly
        hint={props.value.postcode ? undefined : t('postcodeHint')}
      />
    </>
  );
}
