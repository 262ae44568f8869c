import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserResponse } from './dto/user.response';
import { UserEntity } from './user.entity';

function toResponse(user: UserEntity): UserResponse {
  const { id, name, title, role, organisationId } = user;
  return { id, name, title, role, organisationId };
}

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async list(): Promise<UserResponse[]> {
    const users = await this.users.find({ order: { id: 'ASC' } });
    return users.map(toResponse);
  }
}
