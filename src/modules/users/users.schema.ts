import { Type } from 'typebox';
import { Paging, Password, PersonName, Phone, ResidentId, RoleSchema, Username, Uuid } from '../../shared/fields.ts';

export const UserView = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    unitId: Uuid,
    unitName: Type.String(),
    unitNameEn: Type.String(),
    regionCode: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
    idNumber: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
    active: Type.Boolean(),
  }
);

export const NewUserBody = Type.Object(
  {
    username: Username,
    displayName: PersonName,
    password: Password,
    role: RoleSchema,
    unitId: Uuid,
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    idNumber: Type.Optional(Type.Union([ResidentId, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UserChangesBody = Type.Object(
  {
    displayName: Type.Optional(PersonName),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    idNumber: Type.Optional(Type.Union([ResidentId, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserListQuery = Type.Object({ unitId: Type.Optional(Uuid), ...Paging }, { additionalProperties: false });
export const UserIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const UserPage = Type.Object({ items: Type.Array(UserView), total: Type.Integer() });
export const PersonalData = Type.Object({
  phone: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
});
