/** แก้ไขข้อมูลรหัสผ่าน from the portal menu: the same form; afterwards every session ends. */
import { useNavigate } from '@solidjs/router';
import { PasswordChangeForm } from '../login/PasswordChangePage.tsx';

export default function PasswordPage() {
  const navigate = useNavigate();
  return <PasswordChangeForm forced={false} onCancel={() => navigate('/portal')} />;
}
