import type { AttributeInput } from '../coding.ts';

/** The demo coding tree: [code, 中文, English, children]. Third levels are listed where they matter. */
export type Node = [code: string, zh: string, en: string, children?: Node[]];

const kinds = (prefix: string, pairs: Array<[string, string]>): Node[] => pairs.map(([zh, en], i) => [`${prefix}${String(i + 1).padStart(2, '0')}`, zh, en]);

export const TREE: Node[] = [
  ['01', '电线电缆', 'Wires and cables', [
    ['0101', '电力电缆', 'Power cables', kinds('0101', [['交联聚乙烯绝缘电力电缆', 'XLPE insulated power cables'], ['聚氯乙烯绝缘电力电缆', 'PVC insulated power cables'], ['阻燃电力电缆', 'Flame-retardant power cables'], ['耐火电力电缆', 'Fire-resistant power cables'], ['高压电力电缆', 'High-voltage power cables'], ['铝合金电力电缆', 'Aluminium alloy power cables']])],
    ['0102', '架空绝缘电缆', 'Overhead insulated cables', kinds('0102', [['10kV架空绝缘电缆', '10 kV overhead insulated cables'], ['1kV架空绝缘电缆', '1 kV overhead insulated cables'], ['集束架空电缆', 'Aerial bundled cables']])],
    ['0103', '控制电缆', 'Control cables', kinds('0103', [['铜芯控制电缆', 'Copper control cables'], ['屏蔽控制电缆', 'Shielded control cables'], ['计算机电缆', 'Instrumentation cables']])],
    ['0104', '裸导线', 'Bare conductors', kinds('0104', [['钢芯铝绞线', 'ACSR conductors'], ['铝绞线', 'AAC conductors'], ['铜绞线', 'Copper stranded conductors'], ['钢绞线', 'Steel strands']])],
    ['0105', '电线', 'Building wires', kinds('0105', [['聚氯乙烯绝缘电线', 'PVC building wires'], ['软电线', 'Flexible wires'], ['护套线', 'Sheathed wires']])],
    ['0106', '通信光缆', 'Optical cables', kinds('0106', [['OPGW光缆', 'OPGW cables'], ['ADSS光缆', 'ADSS cables'], ['普通光缆', 'Standard optical cables']])],
    ['0107', '电缆附件', 'Cable accessories', kinds('0107', [['冷缩终端', 'Cold-shrink terminations'], ['热缩终端', 'Heat-shrink terminations'], ['中间接头', 'Straight joints'], ['电缆接线端子', 'Cable lugs']])],
  ]],
  ['02', '架空线路金具', 'Overhead line fittings', [
    ['0201', '悬垂线夹', 'Suspension clamps', kinds('0201', [['铝合金悬垂线夹', 'Aluminium suspension clamps'], ['预绞式悬垂线夹', 'Preformed suspension clamps']])],
    ['0202', '耐张线夹', 'Strain clamps', kinds('0202', [['螺栓型耐张线夹', 'Bolted strain clamps'], ['压缩型耐张线夹', 'Compression strain clamps'], ['楔型耐张线夹', 'Wedge strain clamps']])],
    ['0203', '连接金具', 'Connecting fittings', kinds('0203', [['U型挂环', 'U-shackles'], ['球头挂环', 'Ball eyes'], ['碗头挂板', 'Socket clevises'], ['延长环', 'Extension links']])],
    ['0204', '接续金具', 'Splicing fittings', kinds('0204', [['接续管', 'Compression sleeves'], ['并沟线夹', 'Parallel groove clamps'], ['设备线夹', 'Terminal connectors']])],
    ['0205', '防护金具', 'Protective fittings', kinds('0205', [['防振锤', 'Vibration dampers'], ['间隔棒', 'Spacers'], ['均压环', 'Grading rings']])],
  ]],
  ['03', '变压器', 'Transformers', [
    ['0301', '配电变压器', 'Distribution transformers', kinds('0301', [['油浸式配电变压器', 'Oil-immersed distribution transformers'], ['干式配电变压器', 'Dry-type distribution transformers'], ['非晶合金变压器', 'Amorphous alloy transformers'], ['调容变压器', 'Capacity-regulating transformers']])],
    ['0302', '电力变压器', 'Power transformers', kinds('0302', [['110kV电力变压器', '110 kV power transformers'], ['220kV电力变压器', '220 kV power transformers'], ['35kV电力变压器', '35 kV power transformers']])],
    ['0303', '箱式变电站', 'Package substations', kinds('0303', [['美式箱变', 'American-type package substations'], ['欧式箱变', 'European-type package substations']])],
    ['0304', '互感器', 'Instrument transformers', kinds('0304', [['电流互感器', 'Current transformers'], ['电压互感器', 'Voltage transformers'], ['组合互感器', 'Combined transformers']])],
    ['0305', '电抗器', 'Reactors', kinds('0305', [['并联电抗器', 'Shunt reactors'], ['限流电抗器', 'Current-limiting reactors']])],
  ]],
  ['04', '开关设备', 'Switchgear', [
    ['0401', '断路器', 'Circuit breakers', kinds('0401', [['小型断路器', 'Miniature circuit breakers'], ['塑壳断路器', 'Moulded-case circuit breakers'], ['框架断路器', 'Air circuit breakers'], ['真空断路器', 'Vacuum circuit breakers'], ['六氟化硫断路器', 'SF6 circuit breakers'], ['漏电断路器', 'Residual-current circuit breakers']])],
    ['0402', '隔离开关', 'Disconnectors', kinds('0402', [['户外隔离开关', 'Outdoor disconnectors'], ['户内隔离开关', 'Indoor disconnectors'], ['接地开关', 'Earthing switches']])],
    ['0403', '负荷开关', 'Load break switches', kinds('0403', [['真空负荷开关', 'Vacuum load break switches'], ['柱上负荷开关', 'Pole-mounted load break switches']])],
    ['0404', '环网柜', 'Ring main units', kinds('0404', [['气体绝缘环网柜', 'Gas-insulated RMUs'], ['固体绝缘环网柜', 'Solid-insulated RMUs']])],
    ['0405', '开关柜', 'Switchgear panels', kinds('0405', [['中置式开关柜', 'Withdrawable switchgear'], ['低压开关柜', 'Low-voltage switchboards'], ['GIS组合电器', 'Gas-insulated switchgear']])],
    ['0406', '熔断器', 'Fuses', kinds('0406', [['跌落式熔断器', 'Drop-out fuses'], ['高压限流熔断器', 'HV current-limiting fuses'], ['低压熔断器', 'LV fuses']])],
    ['0407', '接触器与继电器', 'Contactors and relays', kinds('0407', [['交流接触器', 'AC contactors'], ['热继电器', 'Thermal overload relays'], ['中间继电器', 'Auxiliary relays']])],
  ]],
  ['05', '绝缘子', 'Insulators', [
    ['0501', '瓷绝缘子', 'Porcelain insulators', kinds('0501', [['盘形悬式瓷绝缘子', 'Cap-and-pin porcelain insulators'], ['针式瓷绝缘子', 'Porcelain pin insulators'], ['支柱瓷绝缘子', 'Porcelain post insulators']])],
    ['0502', '玻璃绝缘子', 'Glass insulators', kinds('0502', [['盘形悬式玻璃绝缘子', 'Cap-and-pin glass insulators'], ['防污型玻璃绝缘子', 'Anti-fog glass insulators']])],
    ['0503', '复合绝缘子', 'Composite insulators', kinds('0503', [['棒形悬式复合绝缘子', 'Composite long-rod insulators'], ['复合横担', 'Composite cross-arms'], ['复合支柱绝缘子', 'Composite post insulators']])],
    ['0504', '避雷器', 'Surge arresters', kinds('0504', [['氧化锌避雷器', 'Metal-oxide surge arresters'], ['线路避雷器', 'Line surge arresters']])],
  ]],
  ['06', '电能计量', 'Metering', [
    ['0601', '电能表', 'Electricity meters', kinds('0601', [['单相智能电能表', 'Single-phase smart meters'], ['三相智能电能表', 'Three-phase smart meters'], ['预付费电能表', 'Prepaid meters']])],
    ['0602', '用电信息采集', 'Meter data acquisition', kinds('0602', [['集中器', 'Concentrators'], ['采集器', 'Collectors'], ['专变采集终端', 'Dedicated transformer terminals']])],
    ['0603', '计量箱', 'Meter boxes', kinds('0603', [['单表位计量箱', 'Single-meter boxes'], ['多表位计量箱', 'Multi-meter boxes']])],
  ]],
  ['07', '继电保护及自动化', 'Protection and automation', [
    ['0701', '线路保护', 'Line protection', kinds('0701', [['光纤差动保护装置', 'Line differential protection'], ['距离保护装置', 'Distance protection']])],
    ['0702', '主变保护', 'Transformer protection', kinds('0702', [['变压器差动保护装置', 'Transformer differential protection'], ['非电量保护装置', 'Non-electrical protection']])],
    ['0703', '配电自动化终端', 'Distribution automation terminals', kinds('0703', [['DTU', 'Distribution terminal units'], ['FTU', 'Feeder terminal units'], ['故障指示器', 'Fault indicators']])],
    ['0704', '测控装置', 'Measurement and control units', kinds('0704', [['间隔测控装置', 'Bay control units'], ['公用测控装置', 'Common control units']])],
    ['0705', '直流电源', 'DC power systems', kinds('0705', [['直流屏', 'DC panels'], ['蓄电池组', 'Battery banks'], ['UPS电源', 'UPS systems']])],
  ]],
  ['08', 'MRO工具', 'MRO tools', [
    ['0801', '手动工具', 'Hand tools', kinds('0801', [['扳手', 'Wrenches'], ['螺丝刀', 'Screwdrivers'], ['钳子', 'Pliers'], ['液压压线钳', 'Hydraulic crimping tools'], ['电缆剪', 'Cable cutters']])],
    ['0802', '电动工具', 'Power tools', kinds('0802', [['电钻', 'Drills'], ['角磨机', 'Angle grinders'], ['冲击扳手', 'Impact wrenches']])],
    ['0803', '测量仪表', 'Test instruments', kinds('0803', [['数字万用表', 'Digital multimeters'], ['钳形电流表', 'Clamp meters'], ['绝缘电阻测试仪', 'Insulation resistance testers'], ['接地电阻测试仪', 'Earth resistance testers']])],
    ['0804', '起重搬运', 'Lifting and handling', kinds('0804', [['手拉葫芦', 'Chain hoists'], ['吊带', 'Lifting slings'], ['液压搬运车', 'Pallet trucks']])],
    ['0805', '紧固件', 'Fasteners', kinds('0805', [['螺栓', 'Bolts'], ['螺母', 'Nuts'], ['膨胀螺栓', 'Anchor bolts']])],
  ]],
  ['09', '安全防护', 'Safety gear', [
    ['0901', '头部防护', 'Head protection', kinds('0901', [['安全帽', 'Safety helmets'], ['电工安全帽', "Electricians' helmets"]])],
    ['0902', '绝缘防护', 'Insulating protection', kinds('0902', [['绝缘手套', 'Insulating gloves'], ['绝缘靴', 'Insulating boots'], ['绝缘垫', 'Insulating mats'], ['验电器', 'Voltage detectors'], ['接地线', 'Portable earthing sets']])],
    ['0903', '坠落防护', 'Fall protection', kinds('0903', [['全身式安全带', 'Full-body harnesses'], ['防坠器', 'Fall arresters']])],
    ['0904', '防护服装', 'Protective clothing', kinds('0904', [['阻燃工作服', 'Flame-retardant workwear'], ['反光背心', 'Reflective vests']])],
    ['0905', '安全标识', 'Safety signs', kinds('0905', [['警示牌', 'Warning signs'], ['安全围栏', 'Safety barriers']])],
  ]],
  ['10', '钢材', 'Steel', [
    ['1001', '型钢', 'Sections', kinds('1001', [['角钢', 'Angle steel'], ['槽钢', 'Channel steel'], ['工字钢', 'I-beams'], ['H型钢', 'H-beams']])],
    ['1002', '板材', 'Plates', kinds('1002', [['热轧钢板', 'Hot-rolled plates'], ['镀锌钢板', 'Galvanised sheets'], ['不锈钢板', 'Stainless plates']])],
    ['1003', '管材', 'Pipes', kinds('1003', [['镀锌钢管', 'Galvanised pipes'], ['无缝钢管', 'Seamless pipes'], ['电缆保护管', 'Cable conduits']])],
    ['1004', '铁塔及构件', 'Towers and structures', kinds('1004', [['输电铁塔', 'Transmission towers'], ['钢管杆', 'Steel tubular poles'], ['水泥电杆', 'Concrete poles']])],
  ]],
  ['11', '办公用品', 'Office supplies', [
    ['1101', '办公耗材', 'Consumables', kinds('1101', [['复印纸', 'Copy paper'], ['硒鼓', 'Toner cartridges'], ['墨盒', 'Ink cartridges']])],
    ['1102', '办公设备', 'Office equipment', kinds('1102', [['打印机', 'Printers'], ['笔记本电脑', 'Laptops'], ['台式电脑', 'Desktops']])],
    ['1103', '文具', 'Stationery', kinds('1103', [['签字笔', 'Gel pens'], ['文件夹', 'Folders'], ['笔记本', 'Notebooks']])],
  ]],
  ['12', '废旧物资', 'Scrap and idle materials', [
    ['1201', '废旧电缆', 'Scrap cables', kinds('1201', [['废旧铜芯电缆', 'Scrap copper cables'], ['废旧铝芯电缆', 'Scrap aluminium cables']])],
    ['1202', '退役变压器', 'Retired transformers', kinds('1202', [['退役配电变压器', 'Retired distribution transformers'], ['退役电力变压器', 'Retired power transformers']])],
    ['1203', '废旧金属', 'Scrap metal', kinds('1203', [['废钢', 'Scrap steel'], ['废铜', 'Scrap copper'], ['废铝', 'Scrap aluminium']])],
    ['1204', '闲置物资', 'Idle materials', kinds('1204', [['闲置开关设备', 'Idle switchgear'], ['闲置电缆盘', 'Idle cable drums']])],
  ]],
];

const opt = (code: string, zh: string, en: string) => ({ code, zh, en });

export const VOLTAGE_OPTIONS = [
  opt('0.6/1kV', '0.6/1kV', '0.6/1kV'),
  opt('8.7/15kV', '8.7/15kV', '8.7/15kV'),
  opt('26/35kV', '26/35kV', '26/35kV'),
  opt('64/110kV', '64/110kV', '64/110kV'),
  opt('10kV', '10kV', '10kV'),
  opt('35kV', '35kV', '35kV'),
  opt('110kV', '110kV', '110kV'),
  opt('0.4kV', '0.4kV', '0.4kV'),
  opt('220V', '220V', '220V'),
];

/** Attribute templates of the main categories; children inherit them. */
export const TEMPLATES: Record<string, AttributeInput[]> = {
  '01': [
    { key: 'conductor', nameZh: '导体材质', nameEn: 'Conductor', type: 'enum', options: [opt('copper', '铜', 'Copper'), opt('aluminium', '铝', 'Aluminium'), opt('al_alloy', '铝合金', 'Aluminium alloy')], required: true, filterable: true },
    { key: 'cross_section', nameZh: '规格(芯数×截面)', nameEn: 'Cores × cross-section', type: 'text', filterable: true, variant: true },
    { key: 'flame_retardant', nameZh: '阻燃', nameEn: 'Flame retardant', type: 'boolean', filterable: true },
  ],
  '0101': [{ key: 'voltage', nameZh: '额定电压', nameEn: 'Rated voltage', type: 'enum', options: VOLTAGE_OPTIONS, required: true, filterable: true }, { key: 'armoured', nameZh: '铠装', nameEn: 'Armoured', type: 'boolean', filterable: true }],
  '0104': [{ key: 'strand_area', nameZh: '标称截面', nameEn: 'Nominal area', type: 'number', unit: 'mm2', filterable: true, variant: true }],
  '03': [
    { key: 'capacity', nameZh: '额定容量', nameEn: 'Rated capacity', type: 'number', unit: 'kVA', required: true, filterable: true, variant: true },
    { key: 'voltage', nameZh: '电压等级', nameEn: 'Voltage', type: 'enum', options: VOLTAGE_OPTIONS, required: true, filterable: true },
    { key: 'efficiency', nameZh: '能效等级', nameEn: 'Efficiency class', type: 'enum', options: [opt('1', '一级能效', 'Class 1'), opt('2', '二级能效', 'Class 2'), opt('3', '三级能效', 'Class 3')], filterable: true },
  ],
  '0304': [{ key: 'ratio', nameZh: '变比', nameEn: 'Ratio', type: 'text', filterable: true, variant: true }],
  '04': [
    { key: 'rated_current', nameZh: '额定电流', nameEn: 'Rated current', type: 'number', unit: 'A', filterable: true, variant: true },
    { key: 'voltage', nameZh: '额定电压', nameEn: 'Rated voltage', type: 'enum', options: VOLTAGE_OPTIONS, filterable: true },
    { key: 'poles', nameZh: '极数', nameEn: 'Poles', type: 'enum', options: [opt('1P', '1P', '1P'), opt('2P', '2P', '2P'), opt('3P', '3P', '3P'), opt('4P', '4P', '4P')], filterable: true, variant: true },
  ],
  '05': [
    { key: 'voltage', nameZh: '电压等级', nameEn: 'Voltage', type: 'enum', options: VOLTAGE_OPTIONS, filterable: true },
    { key: 'mech_load', nameZh: '机械破坏负荷', nameEn: 'Mechanical failing load', type: 'number', unit: 'kA', filterable: false },
  ],
  '06': [{ key: 'accuracy', nameZh: '准确度等级', nameEn: 'Accuracy class', type: 'enum', options: [opt('0.2S', '0.2S级', 'Class 0.2S'), opt('0.5S', '0.5S级', 'Class 0.5S'), opt('1', '1级', 'Class 1'), opt('2', '2级', 'Class 2')], filterable: true }],
  '08': [{ key: 'material', nameZh: '材质', nameEn: 'Material', type: 'text', filterable: true }],
  '09': [{ key: 'standard', nameZh: '执行标准', nameEn: 'Standard', type: 'text', filterable: true }, { key: 'size', nameZh: '尺码', nameEn: 'Size', type: 'text', filterable: true, variant: true }],
  '10': [{ key: 'grade', nameZh: '牌号', nameEn: 'Grade', type: 'enum', options: [opt('Q235B', 'Q235B', 'Q235B'), opt('Q355B', 'Q355B', 'Q355B'), opt('304', '304不锈钢', '304 stainless')], filterable: true }, { key: 'spec', nameZh: '规格', nameEn: 'Size', type: 'text', filterable: true, variant: true }],
  '11': [{ key: 'spec', nameZh: '规格', nameEn: 'Specification', type: 'text', filterable: true, variant: true }],
  '12': [{ key: 'condition', nameZh: '成色', nameEn: 'Condition', type: 'enum', options: [opt('scrap', '报废', 'Scrap'), opt('idle', '闲置可用', 'Idle, usable')], filterable: true }],
};
