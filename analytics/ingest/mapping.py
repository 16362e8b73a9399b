"""Column mapping: canonical fields, the reasons a row is rejected, header guessing."""
from __future__ import annotations

import re

TRANSACTION_FIELDS = ["customer_id", "order_date", "amount", "order_id", "profit", "quantity", "unit_price",
                      "product", "category"]
CUSTOMER_FIELDS = ["customer_id", "name", "industry", "region", "size", "ownership", "owner", "created_date",
                   "overdue_days", "credit_limit", "credit_rating", "relationship", "strategic_importance"]
REASONS = ["bad_field_count", "empty_customer_id", "id_too_long", "bad_date", "bad_amount", "bad_quantity",
           "bad_unit_price", "bad_number", "number_out_of_range", "duplicate_row", "duplicate_customer_id"]
REASON_TEXT = {
    "bad_field_count": "number of fields differs from the header",
    "empty_customer_id": "customer id is empty", "bad_date": "date not recognised",
    "id_too_long": "customer id longer than 200 characters",
    "number_out_of_range": "number too large to be an amount (1e15 or more)",
    "bad_amount": "amount is not a number", "bad_quantity": "quantity is not a number",
    "bad_unit_price": "unit price is not a number", "bad_number": "not a number",
    "duplicate_row": "exact duplicate of an earlier row",
    "duplicate_customer_id": "customer id already appeared above",
}
REJECT_COLUMNS = ["row", "column", "reason", "value"]
MAX_ID = 200  # characters; longer is a pasted note or a broken export, not an id
MAX_NUMBER = 1e15  # larger "amounts" are errors (and their sums overflow)

# Headers are compared after lower-casing and dropping spaces, _ - . and brackets.
SYNONYMS = {
    "customer_id": ["customerid", "custid", "customerno", "customernumber", "customercode", "clientid",
                    "accountid", "customer", "client", "客户编号", "客户id", "客户代码", "客户号", "客户编码",
                    "会员id", "会员编号", "用户id", "买家id", "客户"],
    "order_date": ["orderdate", "invoicedate", "transactiondate", "purchasedate", "orderdatetime", "date",
                   "订单日期", "下单日期", "下单时间", "订单时间", "交易日期", "销售日期", "开票日期", "日期"],
    "amount": ["amount", "sales", "salesamount", "revenue", "netamount", "lineamount", "linetotal", "total",
               "value", "金额", "销售额", "实付金额", "订单金额", "销售金额", "成交金额", "含税金额", "总金额", "总额"],
    "order_id": ["orderid", "orderno", "ordernumber", "invoiceno", "invoice", "invoiceid", "invoicenumber",
                 "订单号", "订单编号", "单号", "订单id", "发票号"],
    "profit": ["profit", "grossprofit", "margin", "利润", "毛利", "毛利额"],
    "quantity": ["quantity", "qty", "units", "数量", "销量", "件数"],
    "unit_price": ["unitprice", "price", "单价", "价格"],
    "product": ["product", "productname", "item", "description", "sku", "stockcode", "产品", "产品名称",
                "商品", "商品名称", "物料"],
    "category": ["category", "productcategory", "品类", "类别", "产品类别", "分类"],
    "name": ["name", "customername", "companyname", "company", "客户名称", "公司名称", "名称"],
    "industry": ["industry", "sector", "行业"],
    "region": ["region", "area", "province", "country", "city", "地区", "区域", "大区", "省份", "城市"],
    "size": ["size", "companysize", "employees", "规模", "企业规模"],
    "ownership": ["ownership", "ownershiptype", "companytype", "企业性质", "性质", "所有制"],
    "owner": ["owner", "accountmanager", "accountowner", "salesrep", "客户经理", "负责人", "业务员", "销售"],
    "created_date": ["createddate", "created", "signupdate", "since", "建档日期", "创建日期", "注册日期"],
    "overdue_days": ["overduedays", "daysoverdue", "overdue", "逾期天数", "逾期"],
    "credit_limit": ["creditlimit", "credit", "信用额度"],
    "credit_rating": ["creditrating", "creditgrade", "rating", "信用等级", "信用评级", "资信等级"],
    "relationship": ["relationship", "relationshiplevel", "partnership", "合作关系", "客户关系"],
    "strategic_importance": ["strategicimportance", "importance", "战略重要性", "战略地位", "重要性"],
}
TX_NUMERIC = {"amount": "bad_amount", "profit": "bad_number", "quantity": "bad_quantity",
              "unit_price": "bad_unit_price"}
CU_NUMERIC = ["overdue_days", "credit_limit"]


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-.()（）\[\]/]", "", str(header)).lower()


def guess_mapping(columns: list[str], kind: str = "transactions") -> dict:
    """Canonical field -> source column (None when nothing matches); each column used once."""
    fields = TRANSACTION_FIELDS if kind == "transactions" else CUSTOMER_FIELDS
    normed = {c: _norm(c) for c in columns}
    used, mapping = set(), {}
    for f in fields:
        mapping[f] = None
        for syn in SYNONYMS[f]:
            hit = next((c for c in columns if c not in used and normed[c] == syn), None)
            if hit is not None:
                mapping[f] = hit
                used.add(hit)
                break
    return mapping


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
