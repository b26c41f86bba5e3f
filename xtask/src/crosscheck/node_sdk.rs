//! Reads the official Node SDK (`authing-node-sdk`): client methods from
//! `ManagementClient.ts` / `AuthenticationClient.ts`, DTOs from `src/models/`.
//!
//! A method is `public async name(ARGS): Promise<RespDto> { ...
//! this.httpClient.request({ method: "GET", url: "/api/v3/..", params: {..} }) }`
//! where ARGS is nothing, `requestBody: ReqDto` (sent as `data:`), or a
//! destructured `{ a, b = x }: { a: string; b?: boolean }` (sent as `params:`).
//! Methods whose `url` is not a string literal (OIDC helpers) are not routes.

use std::path::Path;

use super::shape::{Member, Shape, Types};
use super::ts::{lex, parse_members, parse_type, Cursor, Tok};
use super::{Placement, SdkCall, SdkOp, SdkParam};

/// The DTO models: `export type X = {..}`, `export enum X {..}` and the
/// enums of `export namespace X { export enum y {..} }` as `X.y`.
pub fn read_models(dir: &Path) -> Result<Types, String> {
    let mut types = Types::default();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "ts") {
            let src = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            read_model_source(&src, &mut types);
        }
    }
    Ok(types)
}

pub fn read_model_source(src: &str, types: &mut Types) {
    let toks = lex(src);
    let mut c = Cursor::new(&toks);
    let mut namespace: Option<(String, usize)> = None;
    let mut depth = 0usize;
    while let Some(t) = c.next() {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if namespace.as_ref().is_some_and(|(_, d)| *d == depth) {
                    namespace = None;
                }
            }
            Tok::Ident(w) if w == "export" => {
                if c.eat_ident("type") {
                    let Some(name) = c.ident() else { continue };
                    if c.eat('=') {
                        types.shapes.insert(name, parse_type(&mut c));
                    }
                } else if c.eat_ident("enum") {
                    let Some(name) = c.ident() else { continue };
                    let shape = enum_values(&mut c);
                    let name = match &namespace {
                        Some((ns, _)) => format!("{ns}.{name}"),
                        None => name,
                    };
                    types.shapes.insert(name, shape);
                } else if c.eat_ident("namespace") {
                    if let Some(name) = c.ident() {
                        namespace = Some((name, depth));
                    }
                }
            }
            _ => {}
        }
    }
}

/// `{ A = 'a', B = 'b' }` at the cursor; an enum of numbers is a number.
fn enum_values(c: &mut Cursor) -> Shape {
    let mut values = Vec::new();
    let mut numeric = false;
    if !c.eat('{') {
        return Shape::Enum(values);
    }
    while let Some(t) = c.next() {
        match t {
            Tok::Punct('}') => break,
            Tok::Punct('=') => match c.next() {
                Some(Tok::Str(v)) => values.push(v.clone()),
                Some(Tok::Num(_)) => numeric = true,
                _ => {}
            },
            _ => {}
        }
    }
    if numeric {
        Shape::Number
    } else {
        Shape::Enum(values)
    }
}

/// Every route method of a client source file.
pub fn read_client(src: &str, file: &str, models: &Types) -> Vec<SdkOp> {
    let toks = lex(src);
    let mut c = Cursor::new(&toks);
    let mut ops = Vec::new();
    while c.peek().is_some() {
        if c.eat_ident("public") && c.eat_ident("async") {
            let line = c.line();
            if let Some(op) = read_method(&mut c, file, line, models) {
                ops.push(op);
            }
        } else {
            c.next();
        }
    }
    ops
}

fn read_method(c: &mut Cursor, file: &str, line: usize, models: &Types) -> Option<SdkOp> {
    let name = c.ident()?;
    if !c.eat('(') {
        return None;
    }
    // The arguments: `)`, `requestBody: Dto)` or `{..}: {..})`.
    let mut inline: Vec<Member> = Vec::new();
    let mut body_type: Option<Shape> = None;
    if c.peek() == Some(&Tok::Punct('{')) {
        c.skip_group();
        if c.eat(':') {
            inline = parse_members(c);
        }
    } else if let Some(Tok::Ident(_)) = c.peek() {
        c.next();
        c.eat('?');
        if c.eat(':') {
            body_type = Some(parse_type(c));
        }
    }
    while !c.eat(')') {
        c.next()?;
    }
    let response = if c.eat(':') && c.eat_ident("Promise") && c.eat('<') {
        let r = parse_type(c);
        c.eat('>');
        Some(r)
    } else {
        None
    };
    if c.peek() != Some(&Tok::Punct('{')) {
        return None;
    }
    let start = c.pos;
    c.skip_group();
    let body = &c.toks[start..c.pos];
    let request = body.windows(3).position(|w| {
        matches!(&w[0].0, Tok::Ident(r) if r == "request")
            && w[1].0 == Tok::Punct('(')
            && w[2].0 == Tok::Punct('{')
    })?;
    let mut r = Cursor::new(&body[request + 2..]);
    r.eat('{');
    let (mut method, mut path) = (None, None);
    let mut params = Vec::new();
    while let Some(t) = r.next() {
        match t {
            Tok::Punct('}') => break,
            Tok::Ident(key) if r.eat(':') => match (key.as_str(), r.peek()) {
                ("method", Some(Tok::Str(m))) => {
                    method = Some(m.clone());
                    r.next();
                }
                ("url", Some(Tok::Str(u))) => {
                    path = Some(u.clone());
                    r.next();
                }
                ("params", Some(Tok::Punct('{'))) => {
                    for key in literal_keys(&mut r) {
                        let m = inline.iter().find(|m| m.name == key).cloned();
                        let member = m.unwrap_or_else(|| Member::new(&key, Shape::Json, None));
                        params.push(SdkParam {
                            member,
                            placement: Placement::Query,
                        });
                    }
                }
                ("data", Some(Tok::Punct('{'))) => {
                    for key in literal_keys(&mut r) {
                        let member = Member::new(&key, Shape::Json, None);
                        params.push(SdkParam {
                            member,
                            placement: Placement::Body,
                        });
                    }
                }
                ("data", Some(Tok::Ident(_))) => {
                    r.next();
                    let fields = match body_type.as_ref().map(|t| resolve(t, models)) {
                        Some(Shape::Object(fields)) => fields,
                        _ => Vec::new(),
                    };
                    params.extend(fields.into_iter().map(|member| SdkParam {
                        member,
                        placement: Placement::Body,
                    }));
                }
                _ => {}
            },
            Tok::Punct('{' | '(' | '[') => {
                r.pos -= 1;
                r.skip_group();
            }
            _ => {}
        }
    }
    Some(SdkOp {
        name,
        call: SdkCall::Http {
            method: method?,
            path: path?,
        },
        params,
        response,
        source: format!("{file}:{line}"),
    })
}

/// The keys of an object literal `{ a: a, b, c: x.y }` at the cursor.
fn literal_keys(c: &mut Cursor) -> Vec<String> {
    let mut keys = Vec::new();
    c.eat('{');
    let mut expect_key = true;
    while let Some(t) = c.next() {
        match t {
            Tok::Punct('}') => break,
            Tok::Punct(',') => expect_key = true,
            Tok::Punct('{' | '(' | '[') => {
                c.pos -= 1;
                c.skip_group();
            }
            Tok::Ident(k) | Tok::Str(k) if expect_key => {
                keys.push(k.clone());
                expect_key = false;
            }
            _ => {}
        }
    }
    keys
}

/// Follows names (aliases) to the shape they stand for.
fn resolve(shape: &Shape, types: &Types) -> Shape {
    let mut shape = shape.clone();
    for _ in 0..8 {
        match &shape {
            Shape::Named(n) => match types.get(n) {
                Some(s) => shape = s.clone(),
                None => break,
            },
            _ => break,
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODELS: &str = r#"
/* istanbul ignore file */
import type { CreateUserInfoDto } from './CreateUserInfoDto';

export type CreateUserBatchReqDto = {
    /**
     * 用户列表 { not a brace }
     */
    list: Array<CreateUserInfoDto>;
    options?: CreateUserBatchReqDto.mode;
};

export namespace CreateUserBatchReqDto {
    /**
     * 模式
     */
    export enum mode {
        FAST = 'fast',
        SLOW = 'slow',
    }
}
"#;

    const CLIENT: &str = r#"
  /**
   * @summary 获取用户信息
   */
  public async getUser({
    userId,
    withCustomData = false,
  }: {
    /** 用户 ID **/
    userId: string;
    /** 类型：
     * - `user_id`: Authing 用户 ID
     *  **/
    userIdType?:
      | "user_id"
      | "phone";
    withCustomData?: boolean;
  }): Promise<UserSingleRespDto> {
    return await this.httpClient.request({
      method: "GET",
      url: "/api/v3/get-user",
      params: {
        userId: userId,
        userIdType: userIdType,
        withCustomData: withCustomData,
      },
    });
  }

  public async createUsersBatch(
    requestBody: CreateUserBatchReqDto
  ): Promise<UserListRespDto> {
    return await this.httpClient.request({
      method: "POST",
      url: "/api/v3/create-users-batch",
      data: requestBody,
    });
  }

  private async helper(code: string) {
    await this.httpClient.request({ method: "POST", url: api, data: qstr });
  }

  public async pub(eventName: string, data: string) {
    if (typeof eventName !== "string") { throw new Error("x"); }
    return await this.httpClient.request({
      method: "POST",
      url: "/api/v3/pub-event",
      data: { eventType: eventName, source: `${pkg.name}`, eventData: data },
    });
  }
"#;

    #[test]
    fn models_and_namespaced_enums() {
        let mut types = Types::default();
        read_model_source(MODELS, &mut types);
        let Some(Shape::Object(fields)) = types.get("CreateUserBatchReqDto") else {
            panic!("{types:?}")
        };
        assert_eq!(
            fields[0].shape,
            Shape::List(Box::new(Shape::Named("CreateUserInfoDto".into())))
        );
        assert_eq!(fields[0].required, Some(true));
        assert_eq!(fields[1].required, Some(false));
        assert_eq!(
            types.get("CreateUserBatchReqDto.mode"),
            Some(&Shape::Enum(vec!["fast".into(), "slow".into()]))
        );
    }

    #[test]
    fn client_methods() {
        let mut types = Types::default();
        read_model_source(MODELS, &mut types);
        let ops = read_client(CLIENT, "ManagementClient.ts", &types);
        let names: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["getUser", "createUsersBatch", "pub"]);
        let get = &ops[0];
        assert_eq!(
            get.call,
            SdkCall::Http {
                method: "GET".into(),
                path: "/api/v3/get-user".into()
            }
        );
        assert_eq!(get.response, Some(Shape::Named("UserSingleRespDto".into())));
        assert_eq!(get.params.len(), 3);
        assert!(get.params.iter().all(|p| p.placement == Placement::Query));
        assert_eq!(get.params[0].member.required, Some(true));
        assert_eq!(
            get.params[1].member.shape,
            Shape::Enum(vec!["user_id".into(), "phone".into()])
        );
        assert_eq!(get.params[2].member.shape, Shape::Bool);
        let batch = &ops[1];
        assert_eq!(batch.params[0].member.name, "list");
        assert_eq!(batch.params[0].placement, Placement::Body);
        assert!(matches!(batch.params[0].member.shape, Shape::List(_)));
        let keys: Vec<&str> = ops[2]
            .params
            .iter()
            .map(|p| p.member.name.as_str())
            .collect();
        assert_eq!(keys, ["eventType", "source", "eventData"]);
        assert_eq!(ops[1].source, "ManagementClient.ts:30");
    }
}
