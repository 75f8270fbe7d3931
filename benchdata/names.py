"""Believable Chinese people, enterprises and numbers for generated data, all from one ``random.Random``."""

from campaigns.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国建华志强志明海涛"
    "晓东晓梅文静立新振华婷浩宇子涵欣怡梓轩雨桐博文思远佳怡俊杰嘉怡天佑一诺雅琴永刚春梅秋菊冬梅德胜"
)
GIVEN_CHARS = list(dict.fromkeys(GIVEN))
BRANDS = [
    "京顺",
    "兴业",
    "鸿达",
    "盛世",
    "恒通",
    "华信",
    "远航",
    "金源",
    "瑞丰",
    "嘉禾",
    "天诚",
    "宏图",
    "润泽",
    "永安",
    "新程",
    "博远",
    "安达",
    "众邦",
    "利民",
    "和顺",
    "万通",
    "中联",
    "华润",
    "金桥",
    "益康",
    "康泰",
    "凯盛",
    "联创",
    "德信",
    "欣悦",
    "佳宜",
    "顺捷",
    "优速",
    "骏驰",
    "诚信",
    "同创",
    "聚力",
    "星辰",
    "海纳",
    "中科",
]
TRADES = [
    ("物流", "物流有限公司"),
    ("快递", "快递服务有限公司"),
    ("餐饮", "餐饮管理有限公司"),
    ("物业", "物业服务有限公司"),
    ("制造", "机械制造有限公司"),
    ("电子", "电子科技有限公司"),
    ("医药", "医药有限公司"),
    ("建筑", "建筑工程有限公司"),
    ("家政", "家政服务有限公司"),
    ("保安", "保安服务有限公司"),
    ("商贸", "商贸有限公司"),
    ("汽车", "汽车销售服务有限公司"),
    ("食品", "食品有限公司"),
    ("印刷", "印刷有限公司"),
    ("出行", "出租汽车有限公司"),
]
PLACES = [
    "黄村",
    "西红门",
    "旧宫",
    "亦庄",
    "瀛海",
    "青云店",
    "采育",
    "安定",
    "礼贤",
    "榆垡",
    "庞各庄",
    "北臧村",
    "魏善庄",
    "长子营",
    "天宫院",
    "高米店",
    "清源",
    "观音寺",
]
MOBILE_PREFIXES = ["133", "135", "136", "137", "138", "139", "150", "151", "158", "177", "186", "188", "189", "199"]
# Districts of Beijing (行政区划码) for ID numbers and credit codes.
REGIONS = ["110115", "110106", "110105", "110108", "110114", "110111", "130632", "411422", "371521", "510922"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def person_name(rnd) -> str:
    given = rnd.choice(GIVEN_CHARS) + (rnd.choice(GIVEN_CHARS) if rnd.random() < 0.7 else "")
    return rnd.choice(SURNAMES) + given


def enterprise_name(rnd, number: int) -> tuple[str, str]:
    """(name, industry); the number keeps names unique the way real registers do (分公司, 第N)."""
    industry, suffix = rnd.choice(TRADES)
    place = rnd.choice(PLACES)
    return f"北京{rnd.choice(BRANDS)}{place}{suffix[:-4]}{number:05d}{suffix[-4:]}", industry


def credit_code(number: int) -> str:
    """A valid unified social credit code (GB 32100-2015) unique per ``number``: 91 + 110115 + 9 + check."""
    body = ""
    n = number
    for _ in range(9):
        n, digit = divmod(n, len(CREDIT_CODE_ALPHABET))
        body = CREDIT_CODE_ALPHABET[digit] + body
    first17 = "91110115" + body
    return first17 + credit_code_check_char(first17)


def mobile(rnd) -> str:
    return rnd.choice(MOBILE_PREFIXES) + f"{rnd.randrange(10**8):08d}"


def id_number(rnd) -> str:
    """A valid mainland ID number (checksum per GB 11643), born 1965–2002."""
    year = rnd.randint(1965, 2002)
    body = f"{rnd.choice(REGIONS)}{year}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{rnd.randrange(1000):03d}"
    total = sum(int(ch) * w for ch, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]
